import { z } from 'zod';
import { buildOpenApiDocument, type OperationDoc } from '@cafe/http';
import { CAFE_VERSION } from '@cafe/shared';
import { COMMANDS } from '../pipeline/commands';
import { COMMAND_DOCS } from './command-docs';
import { READ_ROUTE_DOCS } from './read-route-docs';

/** The document's own routes, served without the token (they describe, they hold no data). */
const SELF_DOCS: OperationDoc[] = [
  { method: 'GET', path: '/openapi.json', summary: 'This document (OpenAPI 3.1)', tag: 'Reference', response: z.object({ openapi: z.string() }).catchall(z.unknown()), auth: false, errors: [] },
  { method: 'GET', path: '/docs', summary: 'This document, rendered', tag: 'Reference', response: z.string(), produces: 'text/html', auth: false, errors: [] },
];

/** Paths served without the token (the auth middleware reads this list). */
export const REFERENCE_PATHS = SELF_DOCS.map((doc) => doc.path);

/**
 * Every operation of the API: the command modules (with their own `doc`, else their entry in
 * COMMAND_DOCS), then the read routes. A command with neither is still listed, so the
 * document never hides a route; the coverage test fails on it.
 */
export function apiOperations(): OperationDoc[] {
  const commands = COMMANDS.map((command): OperationDoc => {
    const doc = command.doc ?? COMMAND_DOCS[`${command.method} ${command.path}`];
    return {
      method: command.method,
      path: command.path,
      idempotent: true,
      ...(doc ?? { summary: `${command.method} ${command.path}`, tag: 'Undocumented', response: READ_ROUTE_DOCS[0]!.response }),
    };
  });
  return [...commands, ...READ_ROUTE_DOCS, ...SELF_DOCS];
}

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the command API (built once). */
export function apiOpenApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(
    {
      title: 'Cafe command API',
      version: CAFE_VERSION,
      description:
        'Where agents act and read. Every JSON answer is the envelope `{ ok, data }` or `{ ok: false, error }` (docs/http.md); writes need an `Idempotency-Key` (docs/idempotency.md); the token, when configured, goes in `x-api-key`, `Authorization: Bearer` or `?apiKey=`.',
      errorStyle: 'envelope',
      commonErrors: ['ERR_RATE_LIMITED', 'ERR_FORBIDDEN', 'ERR_PAYLOAD_TOO_LARGE', 'ERR_INTERNAL'],
      auth: { header: 'x-api-key', query: 'apiKey', bearer: true },
    },
    apiOperations(),
  );
  return cached;
}
