import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseEnv } from 'node:util';

/**
 * docs/flex-registry.md#environment: `.env` then `.env.local` from the repository root and from the package directory.
 * Later files override earlier ones (root before package, `.env` before `.env.local`); variables
 * already set in the real environment win over every file, so a deployment or a test never
 * has its settings replaced by a file left on disk. Returns the files that were read.
 */
export function loadEnvFiles(dirs: string[], target: NodeJS.ProcessEnv = process.env): string[] {
  const real = new Set(Object.keys(target));
  const merged: Record<string, string> = {};
  const loaded: string[] = [];
  for (const name of ['.env', '.env.local']) {
    for (const dir of dirs) {
      const file = join(dir, name);
      if (!existsSync(file)) continue;
      Object.assign(merged, parseEnv(readFileSync(file, 'utf8')));
      loaded.push(file);
    }
  }
  for (const [key, value] of Object.entries(merged)) if (!real.has(key)) target[key] = value;
  return loaded;
}

function findUp(start: string, accept: (dir: string) => boolean): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (accept(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const readPackageJson = (dir: string): { name?: string; workspaces?: unknown } | undefined => {
  try {
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; workspaces?: unknown };
  } catch {
    return undefined;
  }
};

/**
 * The directories whose env files apply, root first: the repository root (the package.json with
 * `workspaces`) and this package's directory, found from `start` (the running bundle) upwards.
 */
export function findEnvFileDirs(start: string): string[] {
  const packageDir = findUp(start, (dir) => readPackageJson(dir)?.name === '@cafe/flex-registry');
  const rootDir = findUp(packageDir ?? start, (dir) => readPackageJson(dir)?.workspaces !== undefined);
  return [rootDir, packageDir].filter((dir): dir is string => dir !== undefined);
}
