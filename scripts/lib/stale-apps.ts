import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every app a launcher starts carries the launcher's pid in this variable, so the next launcher
 * can tell the apps of a launcher that was killed (`kill -9` gives it no chance to stop them)
 * from those of a launcher still running, or of a test run.
 */
export const LAUNCHER_PID_VAR = 'CAFE_LAUNCHER_PID';

export interface StaleApp {
  pid: number;
  launcherPid: number;
  command: string;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** A process's argv and environment from /proc (null when it is gone or not ours to read). */
function readProcess(pid: number): { argv: string[]; env: Map<string, string> } | null {
  try {
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const env = new Map(
      readFileSync(`/proc/${pid}/environ`, 'utf8')
        .split('\0')
        .filter(Boolean)
        .map((entry) => {
          const at = entry.indexOf('=');
          return [entry.slice(0, at), entry.slice(at + 1)] as [string, string];
        }),
    );
    return { argv, env };
  } catch {
    return null;
  }
}

/**
 * The apps of this checkout (a command line naming a path under `rootDir`) whose launcher is
 * gone. Linux only: elsewhere there is no /proc to read and nothing is found.
 */
export function findStaleApps(rootDir: string): StaleApp[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const stale: StaleApp[] = [];
  for (const pid of pids) {
    if (pid === process.pid) continue;
    const found = readProcess(pid);
    const launcherPid = Number(found?.env.get(LAUNCHER_PID_VAR));
    if (!found || !Number.isInteger(launcherPid) || launcherPid <= 0) continue;
    if (!found.argv.some((arg) => arg.startsWith(`${rootDir}/`))) continue;
    if (isAlive(launcherPid)) continue;
    stale.push({ pid, launcherPid, command: found.argv.join(' ') });
  }
  return stale;
}

/** SIGTERM, then SIGKILL after `graceMs` for any that is still there; resolves when all are gone. */
export async function stopStaleApps(apps: StaleApp[], graceMs = 10_000): Promise<void> {
  const signal = (pid: number, name: NodeJS.Signals) => {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  };
  for (const app of apps) signal(app.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  let left = apps.filter((app) => isAlive(app.pid));
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    left = left.filter((app) => isAlive(app.pid));
  }
  for (const app of left) signal(app.pid, 'SIGKILL');
}
