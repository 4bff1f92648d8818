import type { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '@cafe/shared';
import { toJsonSchema, type JsonSchema } from './json-schema';

/** How a route answers errors: the command API's envelope, or the flex registry's own body. */
export type ErrorStyle = 'envelope' | 'flex';

/** One operation of a document, declared next to the code that serves it. */
export interface OperationDoc {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Route pattern with `:name` parameters, as h3 and Nitro spell it. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Query parameters, as one object schema. */
  query?: z.ZodObject;
  /** Path parameter descriptions (every `:name` of the path is listed, described or not). */
  params?: Record<string, string>;
  body?: z.ZodType;
  /** The success answer (inside `data` for the envelope style). */
  response: z.ZodType;
  status?: number;
  /** Error codes the operation may answer with (the envelope style), beyond the ones every request may meet. */
  errors?: readonly ErrorCode[];
  /** Writes of the command API need an `Idempotency-Key`. */
  idempotent?: boolean;
  /** False for the few routes that never ask for the token. */
  auth?: boolean;
  /** Content type of the success answer (default JSON). */
  produces?: 'application/json' | 'text/event-stream' | 'text/html';
  example?: { body?: unknown; response?: unknown };
}

/** What a module says about its own endpoint; the method, path and idempotency come from the module. */
export type EndpointDoc = Omit<OperationDoc, 'method' | 'path' | 'idempotent'>;

export interface DocumentInfo {
  title: string;
  version: string;
  description: string;
  errorStyle: ErrorStyle;
  /** Error codes any operation may answer (rate limit, auth, internal). */
  commonErrors: readonly ErrorCode[];
  auth: { header: string; query?: string; bearer: boolean };
}

/** `/v1/profiles/:actorId` → `/v1/profiles/{actorId}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function pathParameters(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((match) => match[1]!);
}

const ERROR_ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['ok', 'error'],
  properties: {
    ok: { const: false },
    error: {
      type: 'object',
      required: ['code', 'message', 'details', 'requestId'],
      properties: {
        code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
        requestId: { type: 'string' },
      },
    },
  },
};

const FLEX_ERROR: JsonSchema = {
  type: 'object',
  description: "The registry's error body (Nitro's shape), with validation problems under `data`",
  properties: {
    error: { type: 'boolean' },
    url: { type: 'string' },
    statusCode: { type: 'integer' },
    statusMessage: { type: 'string' },
    message: { type: 'string' },
    data: { type: 'object', additionalProperties: true },
  },
};

function errorResponses(operation: OperationDoc, info: DocumentInfo): Record<string, unknown> {
  if (info.errorStyle === 'flex') {
    return { default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } };
  }
  const codes = [...new Set([...(operation.errors ?? []), ...info.commonErrors, ...(operation.idempotent ? (['ERR_IDEMPOTENCY_KEY_REQUIRED', 'ERR_IDEMPOTENCY_KEY_CONFLICT'] as const) : [])])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = code === 'ERR_FORBIDDEN' && operation.auth !== false ? [403, 401] : [ERROR_CATALOGUE[code].status];
    for (const each of status) byStatus.set(each, [...(byStatus.get(each) ?? []), code]);
  }
  const responses: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: list.map((code) => `\`${code}\``).join(', '),
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/ErrorEnvelope' },
          examples: Object.fromEntries(
            list.map((code) => [
              code,
              { value: { ok: false, error: { code, message: status === 401 ? 'Unauthorized' : ERROR_CATALOGUE[code].message, details: {}, requestId: '3f0c0c1e-8d5e-4a8e-9a55-1d0d6f1b2c3d' } } },
            ]),
          ),
        },
      },
    };
  }
  return responses;
}

function successContent(operation: OperationDoc, info: DocumentInfo): Record<string, unknown> {
  const produces = operation.produces ?? 'application/json';
  const data = toJsonSchema(operation.response);
  if (produces !== 'application/json') return { [produces]: { schema: data } };
  const wrapped =
    info.errorStyle === 'envelope' && operation.auth !== false && !operation.path.endsWith('/healthz')
      ? { type: 'object', required: ['ok', 'data'], properties: { ok: { const: true }, data } }
      : data;
  return {
    'application/json': {
      schema: wrapped,
      ...(operation.example?.response !== undefined ? { example: operation.example.response } : {}),
    },
  };
}

/** Builds an OpenAPI 3.1 document from operation declarations. */
export function buildOpenApiDocument(info: DocumentInfo, operations: readonly OperationDoc[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of operations) {
    const parameters: unknown[] = pathParameters(operation.path).map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
      ...(operation.params?.[name] ? { description: operation.params[name] } : {}),
    }));
    if (operation.query) {
      const query = toJsonSchema(operation.query);
      const required = new Set((query.required as string[] | undefined) ?? []);
      for (const [name, schema] of Object.entries((query.properties as Record<string, JsonSchema>) ?? {})) {
        const { description, ...rest } = schema;
        parameters.push({ name, in: 'query', required: required.has(name), schema: rest, ...(description ? { description } : {}) });
      }
    }
    if (operation.idempotent) parameters.push({ $ref: '#/components/parameters/IdempotencyKey' });
    if (info.errorStyle === 'envelope') parameters.push({ $ref: '#/components/parameters/RequestId' });
    const status = operation.status ?? 200;
    const responses: Record<string, unknown> = {
      [String(status)]: {
        description: operation.summary,
        ...(operation.idempotent ? { headers: { 'x-idempotent-replay': { description: '`true` when this is the stored answer of an earlier request with the same key', schema: { type: 'string' } } } } : {}),
        content: successContent(operation, info),
      },
      ...errorResponses(operation, info),
    };
    const path = openApiPath(operation.path);
    paths[path] ??= {};
    paths[path][operation.method.toLowerCase()] = {
      operationId: `${operation.method.toLowerCase()}${path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, next: string | undefined) => (next ?? '').toUpperCase())}`,
      summary: operation.summary,
      ...(operation.description ? { description: operation.description } : {}),
      tags: [operation.tag],
      parameters,
      ...(operation.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: toJsonSchema(operation.body), ...(operation.example?.body !== undefined ? { example: operation.example.body } : {}) } },
            },
          }
        : {}),
      responses,
      ...(operation.auth === false ? { security: [] } : {}),
    };
  }
  const securitySchemes: Record<string, unknown> = {
    apiKeyHeader: { type: 'apiKey', in: 'header', name: info.auth.header, description: 'The API token, when the service has one configured' },
    ...(info.auth.query ? { apiKeyQuery: { type: 'apiKey', in: 'query', name: info.auth.query, description: 'The API token as a query parameter (browsers, SSE)' } } : {}),
    ...(info.auth.bearer ? { bearer: { type: 'http', scheme: 'bearer' } } : {}),
  };
  return {
    openapi: '3.1.0',
    info: { title: info.title, version: info.version, description: info.description },
    paths,
    components: {
      schemas: info.errorStyle === 'envelope' ? { ErrorEnvelope: ERROR_ENVELOPE } : { Error: FLEX_ERROR },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description: 'Any non-blank string; the same key with the same request replays the first answer (docs/idempotency.md)',
          schema: { type: 'string', minLength: 1 },
        },
        RequestId: { name: 'x-request-id', in: 'header', required: false, description: 'Echoed back; minted when absent', schema: { type: 'string' } },
      },
      securitySchemes,
    },
    security: Object.keys(securitySchemes).map((name) => ({ [name]: [] })),
  };
}
