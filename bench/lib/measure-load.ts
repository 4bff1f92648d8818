import type { Sql } from '@cafe/db';
import { cpus } from 'node:os';
import { startCpuWindow, waitForQuietMachine, type CpuShares, type PidSource } from './cpu-usage';
import { readLoadAverage } from './machine';
import { runLoadProcess } from './run-generator';
import type { LoadResult, LoadSpec } from './load-spec';

/** One measured run: the generator's figures, CPU per group over the same window, machine load. */
export interface MeasuredRun extends LoadResult {
  cpu: CpuShares | null;
  /** CPU ms per completed request, per group: the cost that does not depend on neighbours. */
  cpuMsPerRequest: Record<string, number>;
  loadAverage: number;
  /** Machine busy % sampled (benchmark idle) just before the run. */
  busyBeforePct: number | null;
  /**
   * CPU used during the run by processes outside the benchmark (neighbours), in % of one core:
   * the machine's busy time minus the measured groups and the generator.
   */
  othersCpuPct: number | null;
}

/** When to wait for a quiet machine before a run (`BENCH_QUIET_BUSY_PCT`, `BENCH_QUIET_WAIT_SECONDS`). */
export interface QuietPolicy {
  maxBusyPct: number;
  maxWaitMs: number;
}

/** Reads the quiet-machine policy; null (do not wait) unless BENCH_QUIET_BUSY_PCT is set. */
export function readQuietPolicy(env: Record<string, string | undefined>): QuietPolicy | null {
  const busy = Number(env.BENCH_QUIET_BUSY_PCT);
  if (!env.BENCH_QUIET_BUSY_PCT || !Number.isFinite(busy)) return null;
  const wait = Number(env.BENCH_QUIET_WAIT_SECONDS ?? 120);
  return { maxBusyPct: busy, maxWaitMs: (Number.isFinite(wait) ? wait : 120) * 1000 };
}

/** The pids of the Postgres backends serving a database (not the caller's own connection). */
export function listDatabaseBackends(sql: Sql): PidSource {
  return async () => {
    const rows = await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`;
    return rows.map((row) => Number(row.pid));
  };
}

/**
 * Runs one load in its own process and, over the same measured window, the CPU of the given
 * process groups; `during` starts any other probe at the window's start and is stopped after.
 */
export async function measureLoad<T>(
  spec: LoadSpec,
  groups: Record<string, PidSource>,
  during?: () => { stop(): Promise<T> },
): Promise<{ run: MeasuredRun; probe: T | null }> {
  const quiet = readQuietPolicy(process.env);
  const busyBeforePct = quiet ? await waitForQuietMachine(quiet.maxBusyPct, quiet.maxWaitMs) : null;
  // Filled in when the generator's warm-up ends, so CPU and probes cover only the measured window.
  const window: { endCpu?: Promise<() => Promise<CpuShares>>; probe?: { stop(): Promise<T> } } = {};
  const result = await runLoadProcess(spec, () => {
    window.endCpu = startCpuWindow(groups);
    window.probe = during?.();
  });
  const cpu = window.endCpu ? await (await window.endCpu)() : null;
  const probed = window.probe ? await window.probe.stop() : null;
  const cpuMsPerRequest = Object.fromEntries(
    Object.entries(cpu?.groupMs ?? {}).map(([name, ms]) => [name, result.requests > 0 ? Math.round((ms / result.requests) * 1000) / 1000 : 0]),
  );
  const ours = Object.values(cpu?.groups ?? {}).reduce((sum, pct) => sum + pct, 0) + result.generatorCpuPct;
  const othersCpuPct = cpu ? Math.max(0, Math.round(cpu.machine * cpus().length - ours)) : null;
  return { run: { ...result, cpu, cpuMsPerRequest, loadAverage: readLoadAverage(), busyBeforePct, othersCpuPct }, probe: probed };
}
