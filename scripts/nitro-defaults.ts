import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NitroConfig } from 'nitropack/types';

/**
 * Nitro settings shared by the four apps. Workspace packages ship TypeScript sources, so they
 * are inlined into the bundle rather than left as externals; auto-imports are off so every
 * file says where its helpers come from (and plain `tsc` can check it).
 */
export function cafeNitroDefaults(configUrl: string): NitroConfig {
  const rootDir = dirname(fileURLToPath(configUrl));
  return {
    compatibilityDate: '2025-06-01',
    srcDir: 'server',
    rootDir,
    imports: false,
    preset: 'node-server',
    sourceMap: false,
    minify: false,
    externals: { inline: [/@cafe\//, resolve(rootDir, '../')] },
    typescript: { generateTsConfig: false },
    logLevel: 1,
  };
}
