export * from './storable';
export * from './registration';
export * from './record';
export * from './filter';
export * from './events';
export * from './parse';
