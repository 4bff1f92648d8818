import { defineEventHandler, setResponseHeader } from 'h3';
import { flexOpenApiDocument } from '../../src/openapi/flex-document';

/** The registry's OpenAPI 3.1 document, built from the zod schemas its routes validate with. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'application/json; charset=utf-8');
  return JSON.stringify(flexOpenApiDocument());
});
