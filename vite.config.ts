import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { securityHeaders } from './scripts/security-headers.ts';

export default defineConfig({
  plugins: [svelte()],
  server: { port: 5173, strictPort: true, headers: securityHeaders },
  preview: { port: 4173, strictPort: true, headers: securityHeaders },
  build: { target: 'es2022', sourcemap: false },
  test: {
    include: ['test/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
