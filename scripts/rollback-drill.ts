import { readRollbackConfig } from './lib/load/rollback-config';
import { buildRollbackChecklist, describeTargets } from './lib/load/rollback-checklist';
import { runRollbackProbes } from './lib/load/rollback-probes';

// `npm run runtime:rollback:drill`: the rollback drill of docs/performance.md#rollback-drill-npm-run-runtimerollbackdrill. ROLLBACK_DRILL_MODE
// dry-run (default) prints the checklist without touching the network; probe checks the live
// health routes and exits 1 when one fails. Pretty JSON on stdout in every mode.

const config = readRollbackConfig(process.env);
const executedAt = new Date().toISOString();
const print = (report: unknown) => process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

try {
  if (config.mode === 'dry-run') {
    print({
      ok: true,
      mode: 'dry-run',
      executedAt,
      summary: 'Rollback dry-run: follow the checklist; no service was contacted. Run with ROLLBACK_DRILL_MODE=probe to check the live health routes.',
      checks: buildRollbackChecklist(config),
      targets: describeTargets(config),
    });
  } else if (config.mode === 'probe') {
    const checks = await runRollbackProbes(config);
    const ok = checks.every((check) => check.pass);
    print({
      ok,
      mode: 'probe',
      executedAt,
      summary: ok ? 'Rollback probe checks passed.' : 'Rollback probe checks failed.',
      checks,
      targets: describeTargets(config),
    });
    process.exitCode = ok ? 0 : 1;
  } else {
    print({ ok: false, executedAt, error: `Unknown ROLLBACK_DRILL_MODE "${config.mode}": use dry-run or probe.` });
    process.exitCode = 1;
  }
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  print({ ok: false, executedAt, error: (error as Error).message });
  process.exitCode = 1;
}
