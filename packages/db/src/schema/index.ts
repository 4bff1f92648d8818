export * from './events';
export * from './flex-capabilities';
export * from './agent-loop';
export * from './safety';
export * from './tasks';
export * from './automation';
export * from './private-tables';
