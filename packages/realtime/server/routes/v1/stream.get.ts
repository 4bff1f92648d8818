import { defineEventHandler } from 'h3';
import { serveStream } from '../../../src/serve-stream';
import { useRealtimeRuntime } from '../../../src/runtime';

/** SSE fanout per tenant/room with replay and resume (docs/streams.md#the-realtime-stream). */
export default defineEventHandler((event) => serveStream(event, useRealtimeRuntime()));
