export * from './database';
export * from './redis';
export * from './apps';
export * from './network';
export * from './vitest-summary';
export * from './stream-setup';
export * from './stalling-proxy';
