export * from './errors';
export * from './envelope';
export * from './events';
export * from './cursor';
export * from './logger';
export * from './env/index';
export * from './version';
export * from './flex/index';
