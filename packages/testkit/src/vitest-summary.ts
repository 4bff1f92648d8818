/** The parts of vitest's JSON reporter output the summary needs. */
export interface VitestJsonReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults?: { name: string; status: string; assertionResults?: { status: string }[] }[];
}

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
}

/**
 * Counts a run for the final summary line. A test file that failed before any test ran
 * (an import error) counts as one failure, and a run that exited non-zero is never reported
 * with 0 failed (vitest also fails on unhandled errors outside tests): CI parsers trust the line.
 */
export function countResults(report: VitestJsonReport | undefined, exitCode: number): TestCounts {
  if (!report) return { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  let failed = report.numFailedTests + brokenFiles;
  if (exitCode !== 0 && failed === 0) failed = 1;
  return { passed: report.numPassedTests, failed, skipped: report.numPendingTests + report.numTodoTests };
}

/** The plain line CI parsers read: `N passed, N failed, N skipped`. */
export function formatSummary(counts: TestCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}
