import { defineEventHandler } from 'h3';
import { createUnauthorizedError } from '@cafe/shared';
import { getPresentedToken, REFERENCE_ASSETS_PATH, secretsEqual } from '@cafe/http';
import { REFERENCE_PATHS } from '../../src/openapi/api-document';
import { resolveCallerRole, setCallerRole } from '../../src/operator/caller-role';
import { useApiRuntime } from '../../src/runtime';

/**
 * Shared-token auth (docs/http.md#authentication): on when API_AUTH_TOKEN is set; GET /healthz
 * exempt, and the reference (`/openapi.json`, `/docs` and its assets), which holds no data.
 * OPERATOR_AUTH_TOKEN authenticates too, and marks the request as operator for the routes
 * that need that role (permission grants, operator overrides).
 */
export default defineEventHandler(async (event) => {
  const { env, db } = useApiRuntime();
  const path = event.path.split('?')[0];
  if (event.method === 'GET' && (path === '/healthz' || REFERENCE_PATHS.includes(path) || path.startsWith(`${REFERENCE_ASSETS_PATH}/`))) return;
  const presented = getPresentedToken(event, env.API_AUTH_QUERY_PARAM);
  const role = resolveCallerRole(presented, env.OPERATOR_AUTH_TOKEN);
  setCallerRole(event, role);
  if (env.API_AUTH_TOKEN && role !== 'operator') {
    if (!presented || !secretsEqual(presented, env.API_AUTH_TOKEN)) {
      throw createUnauthorizedError(env.API_AUTH_QUERY_PARAM);
    }
  }
  // Start-up migrations must be done before any route touches the database.
  await db.ready;
});
