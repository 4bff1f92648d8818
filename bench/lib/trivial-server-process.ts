import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const ENTRY = resolve(import.meta.dirname, 'trivial-server.ts');

export interface TrivialServer {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the do-nothing node:http server in a process of its own and resolves with its URL. */
export function startTrivialServer(): Promise<TrivialServer> {
  return new Promise((resolvePromise, reject) => {
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', ENTRY], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.on('error', reject);
    child.once('exit', (code) => reject(new Error(`trivial server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/listening (\d+)/);
      if (!match) return;
      resolvePromise({
        baseUrl: `http://127.0.0.1:${match[1]}`,
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}
