import { defineEventHandler } from 'h3';
import { createUnauthorizedError } from '@cafe/shared';
import { getPresentedToken, secretsEqual } from '@cafe/http';
import { useApiRuntime } from '../../src/runtime';

/** Shared-token auth (spec README §6): on when API_AUTH_TOKEN is set; GET /healthz exempt. */
export default defineEventHandler(async (event) => {
  const { env, db } = useApiRuntime();
  const path = event.path.split('?')[0];
  if (path === '/healthz' && event.method === 'GET') return;
  if (env.API_AUTH_TOKEN) {
    const presented = getPresentedToken(event, env.API_AUTH_QUERY_PARAM);
    if (!presented || !secretsEqual(presented, env.API_AUTH_TOKEN)) {
      throw createUnauthorizedError(env.API_AUTH_QUERY_PARAM);
    }
  }
  // Start-up migrations must be done before any route touches the database.
  await db.ready;
});
