export * from './row';
export * from './append-events';
export * from './read-events';
export * from './query-events';
