export * from './port';
export * from './filter';
export { createEventTransport, DEFAULT_STREAM_KEY, type EventTransportOptions } from './transport';
export type { BusLogger } from './error-log';
export { createRedisClient, waitForRedisReady } from './redis/client';
export { toStreamId, parseStreamId } from './redis/stream-entry';
