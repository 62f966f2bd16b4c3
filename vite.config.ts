import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { securityHeaders } from './scripts/security-headers.ts';

export default defineConfig({
  plugins: [svelte()],
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
