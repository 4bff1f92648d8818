import { defineEventHandler } from 'h3';
import { sendRawJson } from '@cafe/http';
import { apiOpenApiDocument } from '../../src/openapi/api-document';

/** The API's OpenAPI 3.1 document, built from the command modules and the read-route docs. */
export default defineEventHandler((event) => sendRawJson(event, apiOpenApiDocument()));
