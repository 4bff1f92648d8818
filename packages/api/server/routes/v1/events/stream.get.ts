import { defineEventHandler } from 'h3';
import { getRequestId } from '@cafe/http';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { streamMarketEvents } from '../../../../src/streams/market-events-stream';
import { useApiTransport } from '../../../../src/transport';

// Alias of /v1/streams/market-events.
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  await streamMarketEvents(event, useApiTransport(runtime), readQuery(event), {
    heartbeatMs: runtime.env.API_STREAM_HEARTBEAT_MS,
    requestId: getRequestId(event),
  });
});
