export * from './auth';
export * from './body';
export * from './cors';
export * from './rate-limit';
export * from './request-id';
export * from './respond';
export * from './nitro-error';
export * from './storable-input';
