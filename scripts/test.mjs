import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { ensureDependencies } from './deps.mjs';
import { ensureChromium } from './ensure-chromium.mjs';
import { ensureRedis } from './ensure-redis.mjs';
import { summarizePlaywright } from './playwright-report.mjs';

/**
 * The one test command: type checks, lint (with import boundaries), unit tests with coverage thresholds, browser tests.
 * Ends with one line "N passed, N failed, N skipped"; exits non-zero on any failure.
 */
ensureDependencies();
ensureChromium();
ensureRedis();

const out = '.test-output';
mkdirSync(out, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(label, command, args, env = {}) {
  console.log(`\n━━ ${label} ━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  console.log(`   ${label}: ${result.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

function countStep(label, ok) {
  if (ok) totals.passed += 1;
  else {
    totals.failed += 1;
    failures.push(label);
  }
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

countStep(
  'type check',
  run('Type check (svelte-check)', 'npx', ['svelte-check', '--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'human']),
);
countStep('lint', run('Lint (ESLint, import boundaries)', 'npx', ['eslint', '.', '--max-warnings', '0']));
countStep('format', run('Formatting (Prettier)', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']));

const vitestJson = `${out}/vitest.json`;
rmSync(vitestJson, { force: true });
const unitOk = run('Unit tests (vitest)', 'npx', [
  'vitest',
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestJson}`,
]);
const unit = readJson(vitestJson);
if (unit) {
  totals.passed += unit.numPassedTests;
  totals.failed += unit.numFailedTests;
  totals.skipped += unit.numPendingTests + unit.numTodoTests;
  if (!unitOk && unit.numFailedTests === 0) countStep('unit test run', false);
} else countStep('unit test run', unitOk);

for (const file of existsSync(out) ? readdirSync(out) : []) if (/^playwright-\d+\.json$/.test(file)) rmSync(`${out}/${file}`);
const e2eOk = run('Browser tests (Playwright, Chromium)', 'npx', ['playwright', 'test'], { E2E_APP_PORT: '4173', E2E_SANDBOX_PORT: '4010' });
const e2e = readJson(`${out}/playwright-4173.json`);
if (e2e?.suites) {
  const summary = summarizePlaywright(e2e);
  totals.passed += summary.passed;
  totals.failed += summary.failed;
  totals.skipped += summary.skipped;
  for (const title of summary.flaky) failures.push(`flaky (passed only on retry): ${title}`);
  if (!e2eOk && summary.failed === 0) countStep('browser test run', false);
} else countStep('browser test run', e2eOk);

if (failures.length) console.log(`\nFailed steps:\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
