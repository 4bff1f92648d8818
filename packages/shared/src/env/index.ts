export * from './parse';
export * from './vars';
export * from './common';
export * from './api';
export * from './realtime';
export * from './projector';
export * from './flex';
export * from './launcher';
