import { defineEventHandler } from 'h3';
import { createUnauthorizedError } from '@cafe/shared';
import { getPresentedToken, secretsEqual } from '@cafe/http';
import { useRealtimeRuntime } from '../../src/runtime';

/** The realtime stream is protected like the API (same token); /healthz stays open. */
export default defineEventHandler((event) => {
  const { env } = useRealtimeRuntime();
  if (event.path.split('?')[0] === '/healthz') return;
  if (!env.API_AUTH_TOKEN) return;
  const presented = getPresentedToken(event, env.API_AUTH_QUERY_PARAM);
  if (!presented || !secretsEqual(presented, env.API_AUTH_TOKEN)) throw createUnauthorizedError(env.API_AUTH_QUERY_PARAM);
});
