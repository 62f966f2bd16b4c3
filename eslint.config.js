import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

/** Import boundaries from DESIGN.md "Who may import what". */
const noDexie = { name: 'dexie', message: 'Only src/storage may import dexie.' };
const noOauth = { name: 'oauth4webapi', message: 'Only src/auth may import oauth4webapi.' };
const noSvelte = { group: ['svelte', 'svelte/*'], message: 'src/engine is pure TypeScript.' };
const noSandbox = { group: ['**/sandbox/**'], message: 'The app shares no code with the sandbox: it plays a foreign service.' };
const noRelay = { group: ['**/relay/**'], message: 'The app shares no code with the relay: it is a security boundary of its own.' };
const noRunner = { group: ['**/runner/**'], message: 'Nothing in the app imports the runner: the runner builds on the app, never the other way.' };
const noStorageFromUi = { group: ['**/storage/**', '**/storage'], message: 'UI talks to app facades, not to storage.' };
const noAuthFromUi = { group: ['**/auth/**', '**/auth'], message: 'UI talks to app facades, not to auth.' };
const noApp = { group: ['**/app/**', '**/ui/**'], message: 'src/engine and src/domain do not know the app or the UI.' };
const noUpwardFromStorage = {
  group: ['**/app/**', '**/ui/**', '**/auth/**', '**/auth', '**/engine/**'],
  message: 'storage sits under auth, engine, app and ui: it imports only domain (DESIGN.md "Who may import what").',
};
const noUpwardFromAuth = {
  group: ['**/app/**', '**/ui/**', '**/engine/**'],
  message: 'auth sits under app and ui and beside the engine: it imports storage and domain only (request types live in domain/http.ts).',
};
const noEngineFromUi = { group: ['**/engine/**', '**/engine'], message: 'UI talks to app facades (e.g. app/facades/deluge.ts), not to the engine.' };

const restrict = (paths, patterns = []) => ['error', { paths, patterns }];

export default ts.config(
  { ignores: ['node_modules/', 'dist/', '.test-output/', '.sandbox-data/', '.relay-data/', 'test-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'no-eval': 'error',
      'no-new-func': 'error',
      'no-implied-eval': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig: undefined } },
  },
  { files: ['src/**'], rules: { 'no-restricted-imports': restrict([noDexie, noOauth], [noSandbox, noRelay, noRunner]) } },
  { files: ['src/storage/**'], rules: { 'no-restricted-imports': restrict([noOauth], [noSandbox, noRelay, noRunner, noUpwardFromStorage]) } },
  { files: ['src/auth/**'], rules: { 'no-restricted-imports': restrict([noDexie], [noSandbox, noRelay, noRunner, noUpwardFromAuth]) } },
  {
    files: ['src/ui/**'],
    rules: { 'no-restricted-imports': restrict([noDexie, noOauth], [noSandbox, noRelay, noRunner, noStorageFromUi, noAuthFromUi, noEngineFromUi]) },
  },
  {
    files: ['src/catalog/**'],
    rules: {
      'no-restricted-imports': restrict(
        [noDexie, noOauth],
        [
          noSandbox,
          noRelay,
          noRunner,
          {
            group: ['**/app/**', '**/ui/**', '**/auth/**', '**/storage/**', '**/engine/**'],
            message: 'The catalog is data: it imports only domain.',
          },
        ],
      ),
    },
  },
  {
    files: ['src/**'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver()],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      // Components are leaves of the graph; the cycles that matter run through modules.
      'import-x/ignore': ['\\.svelte$'],
    },
    rules: { 'import-x/no-cycle': ['error', { ignoreExternal: true }] },
  },
  {
    // Type-aware rules: a promise nobody awaits loses its error, and a switch that misses a case of a union
    // fails silently when the union grows.
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.svelte'] } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
    },
  },
  {
    files: ['src/engine/**', 'src/domain/**'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': restrict(
        [noDexie, noOauth],
        [noSandbox, noRunner, noSvelte, noApp, { group: ['**/storage/**', '**/auth/**'], message: 'Pure code gets I/O through ports.' }],
      ),
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'fetch',
        'localStorage',
        'sessionStorage',
        'indexedDB',
        'navigator',
        'location',
        'history',
        'XMLHttpRequest',
      ],
    },
  },
  {
    files: ['src/domain/**'],
    rules: {
      'no-restricted-imports': restrict(
        [noDexie, noOauth, { name: 'svelte', message: 'domain imports only zod.' }],
        [
          noSandbox,
          noRunner,
          noApp,
          { group: ['**/storage/**', '**/auth/**', '**/engine/**', '**/catalog/**'], message: 'domain imports nothing but zod.' },
        ],
      ),
    },
  },
  {
    files: ['sandbox/**'],
    rules: {
      'no-restricted-imports': restrict(
        [],
        [
          { group: ['**/src/**'], message: 'The sandbox never imports the app.' },
          { group: ['**/relay/**'], message: 'The sandbox never imports the relay.' },
        ],
      ),
    },
  },
  {
    files: ['runner/**'],
    rules: {
      'no-restricted-imports': restrict(
        [noDexie],
        [
          { group: ['**/sandbox/**'], message: 'The runner never imports the sandbox: it plays a foreign service.' },
          { group: ['**/relay/**'], message: 'The runner shares no code with the relay.' },
          { group: ['**/src/storage/**', '**/src/storage', '**/src/ui/**'], message: 'The runner has its own storage and no UI.' },
          {
            regex: '/src/app/(?!runs/(service|logEntries|connectionsUsed)\\.ts$)',
            message: 'From the app the runner reuses only the pure run service (app/runs/service.ts, logEntries.ts, connectionsUsed.ts).',
          },
          {
            regex: '/src/auth(/index\\.ts)?$|/src/auth/(?!(checked|dcAllowlist|endpoints|errors)\\.ts$)',
            message:
              'From auth the runner reuses only the pure parts (checked.ts, dcAllowlist.ts, endpoints.ts, errors.ts); the rest needs IndexedDB.',
          },
        ],
      ),
    },
  },
  {
    files: ['relay/**'],
    rules: {
      'no-restricted-imports': restrict(
        [noDexie, noOauth],
        [
          { group: ['**/src/**'], message: 'The relay shares no code with the app; it reads the catalog from relay/catalog-origins.json.' },
          { group: ['**/sandbox/**'], message: 'The relay never imports the sandbox.' },
        ],
      ),
    },
  },
);
