import { defineEventHandler } from 'h3';
import { createUnauthorizedError } from '@cafe/shared';
import { getPresentedToken, secretsEqual } from '@cafe/http';
import { isPublicPath } from '../../src/console-config';
import { useRealtimeRuntime } from '../../src/runtime';

/**
 * The realtime stream is protected like the API: the API token, or the operator's token (the
 * console's user holds that one). /healthz and the console's config stay open; the console's
 * static files are served before any middleware.
 */
export default defineEventHandler((event) => {
  const { env } = useRealtimeRuntime();
  if (isPublicPath(event.path.split('?')[0])) return;
  if (!env.API_AUTH_TOKEN) return;
  const presented = getPresentedToken(event, env.API_AUTH_QUERY_PARAM);
  const accepted = [env.API_AUTH_TOKEN, env.OPERATOR_AUTH_TOKEN].filter((token): token is string => Boolean(token));
  if (!presented || !accepted.some((token) => secretsEqual(presented, token))) throw createUnauthorizedError(env.API_AUTH_QUERY_PARAM);
});
