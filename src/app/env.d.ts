/// <reference types="vite-plugin-pwa/vanillajs" />

/** The package version, plus `+BUILD_LABEL` when the build was given one (vite.config.ts). */
declare const __APP_VERSION__: string;
