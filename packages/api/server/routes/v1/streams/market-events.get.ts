import { defineEventHandler } from 'h3';
import { getRequestId } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { streamMarketEvents } from '../../../../src/streams/market-events-stream';
import { useApiTransport } from '../../../../src/transport';

// docs/streams.md#the-api-stream; /v1/events/stream is its alias.
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  await streamMarketEvents(event, requireSql(runtime), useApiTransport(runtime), readQuery(event), {
    heartbeatMs: runtime.env.API_STREAM_HEARTBEAT_MS,
    requestId: getRequestId(event),
  });
});
