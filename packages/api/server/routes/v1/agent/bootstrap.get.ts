// Alias of GET /v1/bootstrap (docs/api.md#health-and-bootstrap).
export { default } from '../bootstrap.get';
