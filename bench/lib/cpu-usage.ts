import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports process CPU in clock ticks; USER_HZ is 100 on every x86_64/arm64 kernel we run on. */
const TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used, in ms, from /proc; 0 when it is gone. */
export function readProcessCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
  } catch {
    return 0;
  }
}

/** Pids of every process whose command name is `name` (e.g. all Postgres backends). */
export function listPidsNamed(name: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
export function readMachineJiffies(): { busy: number; total: number } {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const numbers = values.map(Number);
  const idle = (numbers[3] ?? 0) + (numbers[4] ?? 0);
  const total = numbers.reduce((sum, value) => sum + value, 0);
  return { busy: total - idle, total };
}

export interface CpuShares {
  /** % of one core used by each group of processes over the window. */
  groups: Record<string, number>;
  /** CPU ms each group used over the window (for per-request costs). */
  groupMs: Record<string, number>;
  /** % of the whole machine that was busy (everyone's processes). */
  machine: number;
  elapsedMs: number;
}

/** Lists the pids of a group now (a pool may open connections during the window). */
export type PidSource = () => number[] | Promise<number[]>;

/**
 * Starts measuring the CPU of groups of processes (the API, our database's backends, the
 * generator…) and of the whole machine; the returned function ends the window. On a two-core
 * box this tells which side of a load test ran out of CPU, and CPU ms per request does not
 * depend on what neighbours were doing.
 */
export async function startCpuWindow(groups: Record<string, PidSource>): Promise<() => Promise<CpuShares>> {
  const started = performance.now();
  const before = new Map<string, Map<number, number>>();
  for (const [name, source] of Object.entries(groups)) {
    before.set(name, new Map((await source()).map((pid) => [pid, readProcessCpuMs(pid)])));
  }
  const machineBefore = readMachineJiffies();
  return async () => {
    const elapsedMs = performance.now() - started;
    const machineAfter = readMachineJiffies();
    const groupMs: Record<string, number> = {};
    for (const [name, source] of Object.entries(groups)) {
      const seen = before.get(name)!;
      const pids = new Set([...seen.keys(), ...(await source())]);
      let used = 0;
      // A process that started during the window counts from zero; one that ended is lost.
      for (const pid of pids) used += Math.max(0, readProcessCpuMs(pid) - (seen.get(pid) ?? 0));
      groupMs[name] = Math.round(used);
    }
    return {
      groups: Object.fromEntries(Object.entries(groupMs).map(([name, ms]) => [name, Math.round((ms / elapsedMs) * 100)])),
      groupMs,
      machine: Math.round(((machineAfter.busy - machineBefore.busy) / Math.max(1, machineAfter.total - machineBefore.total)) * 100),
      elapsedMs: Math.round(elapsedMs),
    };
  };
}

/** The share of the whole machine that was busy over `ms` (everyone's processes), in %. */
export async function sampleMachineBusy(ms = 1000): Promise<number> {
  const before = readMachineJiffies();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = readMachineJiffies();
  return Math.round(((after.busy - before.busy) / Math.max(1, after.total - before.total)) * 100);
}

/**
 * Waits until the machine is quiet: busy at most `maxBusyPct` % over a one-second sample
 * while the benchmark itself is idle, or until `maxWaitMs` has passed. Resolves with the last
 * sample. On a shared two-core box a neighbour's build halves every figure; waiting for a
 * quiet second before each run makes runs comparable.
 */
export async function waitForQuietMachine(maxBusyPct: number, maxWaitMs: number): Promise<number> {
  const deadline = performance.now() + maxWaitMs;
  for (;;) {
    const busy = await sampleMachineBusy();
    if (busy <= maxBusyPct || performance.now() >= deadline) return busy;
  }
}
