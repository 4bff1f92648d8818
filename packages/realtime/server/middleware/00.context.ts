import { defineEventHandler } from 'h3';
import { assignRequestId, logEachRequest } from '@cafe/http';
import { useRealtimeRuntime } from '../../src/runtime';

/** Request id and access log for every request. */
export default defineEventHandler((event) => {
  logEachRequest(event, useRealtimeRuntime().logger, assignRequestId(event));
});
