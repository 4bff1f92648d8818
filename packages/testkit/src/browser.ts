import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Where Debian's `chromium` package (apt-get install chromium) puts the browser. */
const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/**
 * Flags that let Chromium run headless here: as root without a sandbox, without a GPU, and
 * without the background traffic (updates, sync, QUIC probes) that a test has no use for.
 */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The system Chromium, or undefined when it is not installed. The test library never downloads one. */
export function findChromium(): string | undefined {
  return CHROMIUM_CANDIDATES.find((path) => existsSync(path));
}

export interface HeadlessBrowser {
  context: BrowserContext;
  /** Closes the browser and deletes its profile directory. */
  close(): Promise<void>;
}

/**
 * Starts the system Chromium headless with a fresh profile in a temporary directory, driven
 * by playwright-core. Throws when Chromium is missing (check with `findChromium()` first).
 */
export async function launchHeadlessChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<HeadlessBrowser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`no Chromium at ${CHROMIUM_CANDIDATES.join(' or ')}; install it with apt-get install chromium`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'cafe-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: HEADLESS_CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
