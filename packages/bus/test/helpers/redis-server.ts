import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface PrivateRedis {
  url: string;
  port: number;
  /** Starts (or restarts) the server and resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server (SIGTERM, then SIGKILL) and resolves when it has exited. */
  stop(): Promise<void>;
  /** Stops the server and removes its data directory. */
  destroy(): Promise<void>;
}

/**
 * A redis-server owned by one test, on its own port: outage tests stop and start it without
 * touching the machine's shared Redis. With `persist`, data survives a restart (AOF in a temp
 * directory), like a production Redis; without, a restart comes back empty.
 */
export async function createPrivateRedis(options: { persist: boolean }): Promise<PrivateRedis> {
  const port = await findFreePort();
  const dir = mkdtempSync(join(tmpdir(), 'cafe-redis-'));
  let child: ChildProcess | null = null;
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--daemonize', 'no'];
  args.push(...(options.persist ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']));

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => running.kill('SIGKILL'), 5000);
      running.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      running.kill('SIGTERM');
    });
  };

  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    start() {
      return new Promise((resolve, reject) => {
        const started = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
        child = started;
        let output = '';
        const timer = setTimeout(() => reject(new Error(`redis-server did not start:\n${output}`)), 10_000);
        started.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (/Ready to accept connections/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        });
        started.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        started.once('exit', (code) => {
          clearTimeout(timer);
          if (!/Ready to accept connections/.test(output)) reject(new Error(`redis-server exited with ${code}:\n${output}`));
        });
      });
    },
    stop,
    async destroy() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
