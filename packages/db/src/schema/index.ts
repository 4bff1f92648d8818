export * from './events';
export * from './flex-capabilities';
