import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { LoadResult, LoadSpec } from './load-spec';

const ENTRY = resolve(import.meta.dirname, 'generator-process.ts');

/**
 * Runs one load in a separate Node process and resolves with what it measured; `onMeasureStart`
 * fires when its warm-up ends, so other probes (CPU, lag) can cover the same window.
 */
export function runLoadProcess(spec: LoadSpec, onMeasureStart: () => void = () => {}): Promise<LoadResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, JSON.stringify(spec)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      if (!before.includes('measure-start\n') && stdout.includes('measure-start\n')) onMeasureStart();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}: ${stderr.trim()}`));
      try {
        resolvePromise(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as LoadResult);
      } catch {
        reject(new Error(`load generator printed no result: ${stdout.slice(0, 300)} ${stderr.slice(0, 300)}`));
      }
    });
  });
}
