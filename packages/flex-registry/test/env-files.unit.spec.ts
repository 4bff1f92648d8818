import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findEnvFileDirs, loadEnvFiles } from '../src/env-files';

let scratch: string | undefined;
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = undefined;
});

function layout() {
  scratch = mkdtempSync(join(tmpdir(), 'flex-env-'));
  const root = scratch;
  const pkg = join(root, 'packages', 'flex-registry');
  mkdirSync(join(pkg, '.output', 'server'), { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'root', workspaces: ['packages/*'] }));
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@cafe/flex-registry' }));
  return { root, pkg };
}

describe('env files (docs/flex-registry.md#environment)', () => {
  it('finds the repository root and the package directory from the running bundle', () => {
    const { root, pkg } = layout();
    expect(findEnvFileDirs(join(pkg, '.output', 'server'))).toEqual([root, pkg]);
  });

  it('.env.local overrides .env, the package overrides the root, the real environment wins', () => {
    const { root, pkg } = layout();
    writeFileSync(join(root, '.env'), 'A=root-env\nB=root-env\nC=root-env\nREAL=file\n');
    writeFileSync(join(pkg, '.env'), 'B=pkg-env\n');
    writeFileSync(join(root, '.env.local'), 'C=root-local\nD=root-local\n');
    writeFileSync(join(pkg, '.env.local'), 'D=pkg-local\n');
    const target: NodeJS.ProcessEnv = { REAL: 'real' };
    const loaded = loadEnvFiles([root, pkg], target);
    expect(target).toEqual({ REAL: 'real', A: 'root-env', B: 'pkg-env', C: 'root-local', D: 'pkg-local' });
    expect(loaded).toHaveLength(4);
  });

  it('is a no-op without files', () => {
    const { root, pkg } = layout();
    const target: NodeJS.ProcessEnv = { X: '1' };
    expect(loadEnvFiles([root, pkg], target)).toEqual([]);
    expect(target).toEqual({ X: '1' });
  });
});
