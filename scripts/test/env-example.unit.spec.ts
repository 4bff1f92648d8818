import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../lib/apps';
import { envExampleNames, envReadsOf } from '../lib/docs/env-reads';
import { sourceFiles } from '../lib/docs/links';

const example = new Set(envExampleNames(readFileSync(join(ROOT_DIR, '.env.example'), 'utf8')));
const readers = new Map<string, string[]>();
// This file names variables in its own checks of the reader.
for (const file of sourceFiles(ROOT_DIR, [fileURLToPath(import.meta.url)])) {
  for (const name of envReadsOf(file)) readers.set(name, [...(readers.get(name) ?? []), relative(ROOT_DIR, file)]);
}

describe('.env.example', () => {
  it('lists every variable the code reads', () => {
    const missing = [...readers].filter(([name]) => !example.has(name)).map(([name, files]) => `${name} (read in ${[...new Set(files)].join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists no variable that nothing reads', () => {
    expect([...example].filter((name) => !readers.has(name))).toEqual([]);
  });

  it('finds the reads of each form', () => {
    expect(envReadsOf('x.ts', "const a = process.env.REDIS_URL; const b = process.env['PGBENCH'];").sort()).toEqual(['PGBENCH', 'REDIS_URL']);
    expect(envReadsOf('x.ts', "readNumberVar(env, 'LOAD_DURATION_MS', 15000)")).toEqual(['LOAD_DURATION_MS']);
    expect(envReadsOf('packages/shared/src/env/api.ts', '  API_PORT: portVar(3850),')).toEqual(['API_PORT']);
  });
});
