export * from './types';
export * from './fold-room-event';
export * from './snapshot';
