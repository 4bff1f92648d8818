export * from './document';
export * from './json-schema';
export * from './reference-page';
export * from './route-files';
