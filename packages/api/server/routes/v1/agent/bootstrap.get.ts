// Alias of GET /v1/bootstrap (api.md §2.2).
export { default } from '../bootstrap.get';
