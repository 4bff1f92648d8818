export * from './client';
export * from './migrate';
export * as schema from './schema/index';
export * from './schema/index';
export * from './service-database';
export * from './events/index';
export * from './horizon/index';
export * from './identity/read-database-identity';
