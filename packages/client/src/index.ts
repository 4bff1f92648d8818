export * from './api-error';
export * from './client';
export * from './event-stream';
export * from './sse-frames';
export * from './types';
