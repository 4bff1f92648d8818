import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../lib/apps';
import { findStaleApps, LAUNCHER_PID_VAR, stopStaleApps } from '../lib/stale-apps';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** A process that looks like an app of this checkout started by launcher `launcherPid`. */
function fakeApp(launcherPid: number, entry = `${ROOT_DIR}/packages/api/.output/server/index.mjs`): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', entry], { env: { ...process.env, [LAUNCHER_PID_VAR]: String(launcherPid) }, stdio: 'ignore' });
  children.push(child);
  return child;
}

/** The pid of a process that has exited (a launcher killed with -9). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));

describe.skipIf(process.platform !== 'linux')('apps left behind by a killed launcher', () => {
  it('finds only the apps of this checkout whose launcher is gone, and stops them', async () => {
    const orphan = fakeApp(await deadPid());
    const supervised = fakeApp(process.pid);
    const elsewhere = fakeApp(await deadPid(), '/somewhere/else/packages/api/.output/server/index.mjs');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // Only these three are looked at: other test files may run apps of this checkout meanwhile.
    const ours = [orphan.pid, supervised.pid, elsewhere.pid];
    const stale = findStaleApps(ROOT_DIR).filter((app) => ours.includes(app.pid));
    expect(stale.map((app) => app.pid)).toEqual([orphan.pid]);
    await stopStaleApps(stale, 2000);
    await exited(orphan);
    expect(orphan.signalCode).toBe('SIGTERM');
    expect(supervised.exitCode).toBeNull();
    expect(elsewhere.exitCode).toBeNull();
  });

  it('kills an app that ignores SIGTERM once the grace period is over', async () => {
    const stubborn = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); console.log('ready'); setInterval(() => {}, 1000)", `${ROOT_DIR}/packages/realtime/.output/server/index.mjs`], {
      env: { ...process.env, [LAUNCHER_PID_VAR]: String(await deadPid()) },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(stubborn);
    // Only once it ignores SIGTERM (a loaded machine may take a while to start node).
    await new Promise((resolve) => stubborn.stdout!.once('data', resolve));
    await stopStaleApps(findStaleApps(ROOT_DIR).filter((app) => app.pid === stubborn.pid), 300);
    await exited(stubborn);
    expect(stubborn.signalCode).toBe('SIGKILL');
  });
});
