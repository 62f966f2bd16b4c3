import { describe, expect, it } from 'vitest';
import { summarizePlaywright } from '../../../scripts/playwright-report.mjs';

/** The shape of Playwright's JSON reporter: files → describe blocks → specs → one test per project. */
function report(statuses: Record<string, string>) {
  const specs = Object.entries(statuses).map(([title, status]) => ({ title, tests: [{ status }] }));
  return { suites: [{ title: 'runs.spec.ts', specs: [], suites: [{ title: 'Test run', specs }] }] };
}

describe('summarizePlaywright', () => {
  it('counts a test that passed only on retry as a failure and names it', () => {
    const summary = summarizePlaywright(report({ 'logs the run': 'expected', 'shows the badge': 'flaky' }));
    expect(summary).toEqual({ passed: 1, failed: 1, skipped: 0, flaky: ['runs.spec.ts › Test run › shows the badge'] });
  });

  it('counts unexpected results as failures and skipped ones apart', () => {
    const summary = summarizePlaywright(report({ a: 'unexpected', b: 'skipped', c: 'expected' }));
    expect(summary).toEqual({ passed: 1, failed: 1, skipped: 1, flaky: [] });
  });

  it('walks specs at every depth', () => {
    const nested = {
      suites: [{ title: 'a.spec.ts', specs: [{ title: 'top', tests: [{ status: 'expected' }] }], suites: report({ inner: 'flaky' }).suites }],
    };
    expect(summarizePlaywright(nested).flaky).toEqual(['a.spec.ts › runs.spec.ts › Test run › inner']);
  });
});
