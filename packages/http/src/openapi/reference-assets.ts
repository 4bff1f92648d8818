import { dirname } from 'node:path';
import { createRequire } from 'node:module';
import { REFERENCE_ASSETS_PATH } from './reference-page';

/**
 * The Nitro public-asset entry that ships Swagger UI's files with the app, so `/docs` works
 * offline and loads nothing from a CDN. Used by the nitro.config of the apps that serve docs.
 */
export function referencePageAssets(): { dir: string; baseURL: string; maxAge: number } {
  const dir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  return { dir, baseURL: REFERENCE_ASSETS_PATH, maxAge: 3600 };
}
