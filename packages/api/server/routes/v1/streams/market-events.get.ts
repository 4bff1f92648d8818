import { defineEventHandler } from 'h3';
import { getRequestId } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { useApiStreams } from '../../../../src/streams/api-streams';
import { streamMarketEvents } from '../../../../src/streams/market-events-stream';
import { useApiTransport } from '../../../../src/transport';

// docs/streams.md#the-api-stream; /v1/events/stream is its alias.
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  await streamMarketEvents(event, requireSql(runtime), useApiTransport(runtime), readQuery(event), {
    registry: useApiStreams(runtime),
    requestId: getRequestId(event),
  });
});
