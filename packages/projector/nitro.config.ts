import { defineNitroConfig } from 'nitropack/config';
import { cafeNitroDefaults } from '../../scripts/nitro-defaults';

export default defineNitroConfig({
  ...cafeNitroDefaults(import.meta.url),
  errorHandler: '~/error',
});
