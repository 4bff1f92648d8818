import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APPS, ROOT_DIR, type AppSpec } from './apps';

const SOURCE_DIRS = ['packages/shared/src', 'packages/db/src', 'packages/http/src', 'packages/bus/src', 'scripts/nitro-defaults.ts', 'package-lock.json', 'migrations'];

function hashTree(path: string, hash: ReturnType<typeof createHash>): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isFile()) {
    hash.update(path).update(readFileSync(path));
    return;
  }
  for (const entry of readdirSync(path).sort()) {
    if (entry === 'node_modules' || entry === '.output' || entry === '.nitro') continue;
    hashTree(join(path, entry), hash);
  }
}

/** A digest of everything that goes into an app's bundle, to skip rebuilding unchanged apps. */
export function sourceDigest(app: AppSpec): string {
  const hash = createHash('sha256');
  for (const dir of SOURCE_DIRS) hashTree(resolve(ROOT_DIR, dir), hash);
  for (const entry of ['server', 'src', 'nitro.config.ts', 'package.json']) hashTree(join(app.dir, entry), hash);
  return hash.digest('hex');
}

function digestFile(app: AppSpec): string {
  return join(app.dir, '.output', '.cafe-source-digest');
}

/** Runs `nitro build` for one app unless its bundle is already built from the same sources. */
export async function buildApp(app: AppSpec, options: { force?: boolean; log?: (m: string) => void } = {}): Promise<'built' | 'fresh'> {
  const digest = sourceDigest(app);
  const file = digestFile(app);
  if (!options.force && existsSync(file) && readFileSync(file, 'utf8') === digest) return 'fresh';
  const nitroBin = resolve(ROOT_DIR, 'node_modules/nitropack/dist/cli/index.mjs');
  await new Promise<void>((resolvePromise, reject) => {
    const child = spawn(process.execPath, [nitroBin, 'build'], { cwd: app.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`nitro build of ${app.name} failed:\n${output}`))));
  });
  writeFileSync(file, digest);
  options.log?.(`built ${app.name}`);
  return 'built';
}

/** Builds the given apps, two at a time (the machines have two cores). */
export async function buildApps(apps: AppSpec[] = APPS, options: { force?: boolean; log?: (m: string) => void } = {}): Promise<void> {
  const queue = [...apps];
  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) await buildApp(app, options);
  };
  await Promise.all([worker(), worker()]);
}
