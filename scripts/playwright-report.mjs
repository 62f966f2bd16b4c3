/**
 * Reads Playwright's JSON report. A test that passed only on a retry is "flaky" in Playwright's terms; the test
 * command counts it as a failure and names it, since a retry that hides a race is how a real bug ships.
 * @see https://playwright.dev/docs/test-retries#flaky-tests
 */

/** Every test in the report with its full title ("file › describe › title") and Playwright's verdict. */
function* tests(suites, titles = []) {
  for (const suite of suites ?? []) {
    const path = suite.title ? [...titles, suite.title] : titles;
    for (const spec of suite.specs ?? [])
      for (const test of spec.tests ?? []) yield { title: [...path, spec.title].join(' › '), status: test.status };
    yield* tests(suite.suites, path);
  }
}

/** @returns {{ passed: number, failed: number, skipped: number, flaky: string[] }} */
export function summarizePlaywright(report) {
  const summary = { passed: 0, failed: 0, skipped: 0, flaky: [] };
  for (const { title, status } of tests(report.suites)) {
    if (status === 'expected') summary.passed += 1;
    else if (status === 'skipped') summary.skipped += 1;
    else {
      summary.failed += 1;
      if (status === 'flaky') summary.flaky.push(title);
    }
  }
  return summary;
}
