import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { securityHeaders } from './scripts/security-headers.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
/** Shown in the app, so a person (and a test) can tell which build runs after an update. */
const appVersion = process.env.BUILD_LABEL ? `${version}+${process.env.BUILD_LABEL}` : version;

/**
 * The OAuth callback (`/oauth/callback`) is a path, not a hash route, so a static host without rewrites
 * needs a page there. Hosts resolve `/oauth/callback` either to `oauth/callback.html` or, after a
 * redirect to the trailing slash, to `oauth/callback/index.html`; both are the app's own page.
 */
function callbackPages(): Plugin {
  return {
    name: 'oauth-callback-pages',
    apply: 'build',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const index = bundle['index.html'];
        if (index?.type !== 'asset') this.error('index.html is missing from the build; the OAuth callback page copies it');
        for (const fileName of ['oauth/callback.html', 'oauth/callback/index.html']) this.emitFile({ type: 'asset', fileName, source: index.source });
      },
    },
  };
}

/**
 * A precached index.html is served with the headers it was cached with, so a changed CSP would not reach
 * anyone until index.html itself changed; its revision therefore includes the served headers.
 */
const headersRevision = createHash('sha256').update(JSON.stringify(securityHeaders)).digest('hex').slice(0, 16);

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    svelte(),
    callbackPages(),
    VitePWA({
      // Registration is ours (src/app/update.svelte.ts), after first paint; no inline script under the CSP.
      injectRegister: false,
      registerType: 'prompt',
      manifest: {
        id: '/',
        name: 'Workflow Builder',
        short_name: 'Workflows',
        description: 'Connect services and run trigger → condition → function workflows, entirely in your browser.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#f6f7f9',
        theme_color: '#2f5bd3',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The glob below already takes the icons; listing them twice would only repeat precache entries.
      includeManifestIcons: false,
      workbox: {
        // The app shell only: API responses, callback URLs and tokens never reach a cache (no runtime caching).
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        globIgnores: ['oauth/**'],
        navigateFallback: 'index.html',
        // A provider's redirect goes to the network: a cached shell of an older build never handles an authorization response.
        navigateFallbackDenylist: [/^\/oauth\//],
        cleanupOutdatedCaches: true,
        manifestTransforms: [
          (entries) => ({
            manifest: entries.map((entry) =>
              entry.url === 'index.html' ? { ...entry, revision: `${entry.revision ?? ''}-${headersRevision}` } : entry,
            ),
            warnings: [],
          }),
        ],
      },
    }),
  ],
  server: {
    port: 5173,
    strictPort: true,
    headers: securityHeaders,
    watch: { ignored: ['**/.test-output/**', '**/.sandbox-data/**', '**/test/**', '**/bench/**', '**/docs/**'] },
  },
  preview: { port: 4173, strictPort: true, headers: securityHeaders },
  build: { target: 'es2022', sourcemap: false },
  // Lazily loaded features: pre-bundle them at dev-server start so opening one does not reload the page.
  optimizeDeps: {
    include: [
      '@xyflow/svelte',
      '@codemirror/state',
      '@codemirror/view',
      '@codemirror/language',
      '@codemirror/autocomplete',
      '@codemirror/lint',
      '@codemirror/commands',
      '@lezer/highlight',
    ],
  },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // The test command runs with --coverage; each folder's floor is what its tests reached, never below 85 % lines.
    coverage: {
      provider: 'v8',
      include: ['src/auth/**', 'src/engine/http/**', 'src/storage/**'],
      reportsDirectory: '.test-output/coverage',
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'src/auth/**': { lines: 90, statements: 85, functions: 91, branches: 70 },
        'src/engine/http/**': { lines: 98, statements: 96, functions: 94, branches: 92 },
        'src/storage/**': { lines: 85, statements: 82, functions: 74, branches: 74 },
      },
    },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: ['test/unit/**/*.svelte.test.ts'], environment: 'node' },
      },
      {
        // Runes only run with Svelte's client build (Svelte docs, "Testing").
        extends: true,
        resolve: { conditions: ['browser'] },
        test: {
          name: 'svelte',
          include: ['test/unit/**/*.svelte.test.ts'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
