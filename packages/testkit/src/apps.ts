import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT_DIR = resolve(import.meta.dirname, '..', '..', '..');

export type AppName = 'api' | 'realtime' | 'projector' | 'flex-registry';

export interface RunningApp {
  name: AppName;
  baseUrl: string;
  port: number;
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Starts a built app (`npm run build` first) on a free port and resolves once it listens.
 * The port is read from Nitro's "Listening on" line.
 */
export function startBuiltApp(name: AppName, env: Record<string, string | undefined>, timeoutMs = 30_000, nodeArgs: string[] = []): Promise<RunningApp> {
  const entry = resolve(ROOT_DIR, 'packages', name, '.output/server/index.mjs');
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NITRO_PORT: '0', NITRO_HOST: '127.0.0.1', NITRO_SHUTDOWN_TIMEOUT: '2000', ...env },
  });
  let output = '';
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Listening on http:\/\/[^\s]*:(\d+)/);
      if (!match) return;
      clearTimeout(timer);
      const port = Number(match[1]);
      resolvePromise({
        name,
        port,
        baseUrl: `http://127.0.0.1:${port}`,
        process: child,
        output: () => output,
        stop: (stopTimeoutMs = 5000) =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
            const force = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
            child.once('exit', (code) => {
              clearTimeout(force);
              done(code);
            });
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening:\n${output}`));
    });
  });
}
