export * from './row';
export * from './append-events';
export * from './read-events';
export * from './query-events';
export * from './read-tail-start';
export * from './append-events-holding-lock';
