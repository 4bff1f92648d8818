import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findChromium, HEADLESS_CHROMIUM_ARGS } from './browser';

/**
 * Loads `url` in the system Chromium's own headless command line (no driver needed for a
 * static render), lets scripts run
 * for `budgetMs` of virtual time, and resolves with the rendered DOM; with `screenshot` it
 * also saves a PNG of the page there.
 */
export async function renderInChromium(url: string, options: { budgetMs?: number; screenshot?: string; width?: number; height?: number } = {}): Promise<string> {
  const chromium = findChromium();
  if (!chromium) throw new Error('no system Chromium; install it with apt-get install chromium');
  const profile = mkdtempSync(join(tmpdir(), 'cafe-chromium-'));
  const base = ['--headless', ...HEADLESS_CHROMIUM_ARGS, `--user-data-dir=${profile}`, `--virtual-time-budget=${options.budgetMs ?? 5000}`, `--window-size=${options.width ?? 1280},${options.height ?? 1600}`];
  const run = (args: string[]) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(chromium, [...base, ...args, url], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk) => (out += chunk));
      child.stderr.on('data', (chunk) => (err += chunk));
      child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`chromium exited ${code}: ${err.slice(-2000)}`))));
    });
  try {
    const dom = await run(['--dump-dom']);
    if (options.screenshot) await run([`--screenshot=${options.screenshot}`, '--hide-scrollbars']);
    return dom;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
