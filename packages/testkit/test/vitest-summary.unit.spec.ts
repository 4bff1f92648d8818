import { describe, expect, it } from 'vitest';
import { countResults, formatSummary, type VitestJsonReport } from '../src/index';

const report = (overrides: Partial<VitestJsonReport> = {}): VitestJsonReport => ({
  numPassedTests: 10,
  numFailedTests: 0,
  numPendingTests: 2,
  numTodoTests: 1,
  testResults: [{ name: 'a.spec.ts', status: 'passed', assertionResults: [{ status: 'passed' }] }],
  ...overrides,
});

describe('countResults', () => {
  it('counts passed, failed and skipped (pending + todo)', () => {
    expect(countResults(report({ numFailedTests: 3 }), 1)).toEqual({ passed: 10, failed: 3, skipped: 3 });
  });

  it('counts a file that failed to load as a failure', () => {
    const broken = report({ testResults: [{ name: 'b.spec.ts', status: 'failed', assertionResults: [] }] });
    expect(countResults(broken, 1).failed).toBe(1);
  });

  it('never says 0 failed for a run that exited non-zero', () => {
    expect(countResults(report(), 1).failed).toBe(1);
    expect(countResults(undefined, 2)).toEqual({ passed: 0, failed: 1, skipped: 0 });
  });

  it('reports a clean run as clean', () => {
    expect(countResults(report(), 0)).toEqual({ passed: 10, failed: 0, skipped: 3 });
  });
});

describe('formatSummary', () => {
  it('prints the plain line CI parsers read', () => {
    expect(formatSummary({ passed: 12, failed: 0, skipped: 4 })).toBe('12 passed, 0 failed, 4 skipped');
  });
});
