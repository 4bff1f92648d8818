import { defineNitroConfig } from 'nitropack/config';
import { referencePageAssets } from '@cafe/http/reference-assets';
import { cafeNitroDefaults } from '../../scripts/nitro-defaults';

export default defineNitroConfig({
  ...cafeNitroDefaults(import.meta.url),
  errorHandler: '~/error',
  // Swagger UI's files for /docs, shipped with the app (no CDN).
  publicAssets: [referencePageAssets()],
});
