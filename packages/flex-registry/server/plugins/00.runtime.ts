import { dirname, resolve } from 'node:path';
import { defineNitroPlugin } from 'nitropack/runtime';
import { loadEnvOrExit, parseEnvWith, parseFlexEnv, stringVar, type EnvSource } from '@cafe/shared';
import { findEnvFileDirs, loadEnvFiles } from '../../src/env-files';
import { startFlexRuntime } from '../../src/runtime';
import { findStartupProblem } from '../../src/startup-check';

// The discovery default tenant (docs/http.md#tenants-and-rooms) is not part of the flex env schema; read it here.
const parseTenant = (source: EnvSource) => parseEnvWith({ AGENTCAFE_DEFAULT_TENANT_ID: stringVar('default') }, source);

export default defineNitroPlugin((nitroApp) => {
  // The bundle's import.meta.url is a placeholder while chunks load; the entry script's path is real.
  const envFiles = loadEnvFiles(findEnvFileDirs(dirname(resolve(process.argv[1] ?? '.'))));
  const env = loadEnvOrExit(parseFlexEnv);
  const problem = findStartupProblem(env);
  if (problem) {
    process.stderr.write(`${problem}\n`);
    process.exit(1);
  }
  const { AGENTCAFE_DEFAULT_TENANT_ID: tenantId } = loadEnvOrExit(parseTenant);
  const runtime = startFlexRuntime(env, { tenantId });
  runtime.logger.info('flex registry starting', {
    port: env.FLEX_SERVER_PORT,
    postgres: env.CAFE_POSTGRES_MODE,
    auth: env.FLEX_API_KEY ? 'bearer' : 'off',
    cacheTtlMs: env.FLEX_CAPABILITY_CACHE_TTL_MS,
    deregisterAfterSeconds: env.FLEX_DEREGISTER_AFTER_SECONDS,
    envFiles,
  });
  nitroApp.hooks.hook('close', () => runtime.close());
});
