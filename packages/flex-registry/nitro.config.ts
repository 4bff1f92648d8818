import { defineNitroConfig } from 'nitropack/config';
import { cafeNitroDefaults } from '../../scripts/nitro-defaults';

// The registry keeps Nitro's own error body (flex-registry.md §3.3), so no custom errorHandler.
export default defineNitroConfig({
  ...cafeNitroDefaults(import.meta.url),
  routeRules: {
    '/health': { redirect: { to: '/api/v1/health', statusCode: 307 } },
    '/api/health': { redirect: { to: '/api/v1/health', statusCode: 307 } },
  },
});
