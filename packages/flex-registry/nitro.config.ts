import { defineNitroConfig } from 'nitropack/config';
import { referencePageAssets } from '@cafe/http/reference-assets';
import { cafeNitroDefaults } from '../../scripts/nitro-defaults';

// The registry keeps Nitro's error body shape (docs/flex-registry.md#validation-errors); server/error.ts renders
// it explicitly so unexpected failures go to the service logger instead of the console.
export default defineNitroConfig({
  ...cafeNitroDefaults(import.meta.url),
  errorHandler: '~/error',
  // Swagger UI's files for /docs, shipped with the app (no CDN).
  publicAssets: [referencePageAssets()],
  routeRules: {
    '/health': { redirect: { to: '/api/v1/health', statusCode: 307 } },
    '/api/health': { redirect: { to: '/api/v1/health', statusCode: 307 } },
  },
});
