import { defineEventHandler, setResponseHeader, setResponseHeaders } from 'h3';
import { deprecationHeaders } from '../../src/http/deprecation';
import { requestPath, resolveClientIp, resolveCorrelationId } from '../../src/http/request-context';
import { useFlexRuntime } from '../../src/runtime';

/** docs/flex-registry.md#auth-cors-headers-logs request logging with a correlation id, and docs/flex-registry.md#auth-cors-headers-logs deprecation headers. */
export default defineEventHandler((event) => {
  const { logger, env } = useFlexRuntime();
  const cid = resolveCorrelationId(event);
  const path = requestPath(event);
  const startedAt = performance.now();
  event.context.cid = cid;
  setResponseHeader(event, 'x-correlation-id', cid);
  setResponseHeaders(event, deprecationHeaders(path, env.API_V1_DEPRECATION_START, env.API_V1_SUNSET));
  logger.info('request_received', { cid, method: event.method, path, ip: resolveClientIp(event) });
  event.node.res.once('finish', () => {
    const durationMs = Math.round((performance.now() - startedAt) * 10) / 10;
    logger.info('request_completed', { cid, method: event.method, path, statusCode: event.node.res.statusCode, durationMs });
  });
});
