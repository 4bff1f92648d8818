import { defineNitroConfig } from 'nitropack/config';
import { cafeNitroDefaults } from '../../scripts/nitro-defaults';

export default defineNitroConfig({
  ...cafeNitroDefaults(import.meta.url),
  errorHandler: '~/error',
  // The operator console: plain files served as they are (GET / is console/index.html).
  publicAssets: [{ dir: '../console', baseURL: '/', maxAge: 0 }],
});
