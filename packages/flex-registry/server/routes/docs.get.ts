import { defineEventHandler, setResponseHeader } from 'h3';
import { renderReferencePage } from '@cafe/http';

/** The reference page: /openapi.json rendered by Swagger UI, served from this app's own assets. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8');
  return renderReferencePage('Cafe flex capability registry');
});
