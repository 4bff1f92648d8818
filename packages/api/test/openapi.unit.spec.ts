import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routeOfFile, routesMissingFrom, routesOfDirectory } from '@cafe/http';
import { apiOpenApiDocument } from '../src/openapi/api-document';
import { COMMAND_DOCS } from '../src/openapi/command-docs';
import { COMMANDS } from '../src/pipeline/commands';

type Operation = { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }>; parameters: { $ref?: string }[] };
const document = apiOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, Operation>> };
const fileRoutes = routesOfDirectory(resolve(import.meta.dirname, '../server/routes'));

describe('the OpenAPI document of the API', () => {
  it('is OpenAPI 3.1', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('has an operation for every route file', () => {
    expect(fileRoutes.length).toBeGreaterThan(20);
    expect(routesMissingFrom(document, fileRoutes)).toEqual([]);
  });

  it('has an operation, with its documented body, for every command module', () => {
    expect(COMMANDS.filter((command) => !command.doc && !COMMAND_DOCS[`${command.method} ${command.path}`]).map((command) => `${command.method} ${command.path}`)).toEqual([]);
    expect(routesMissingFrom(document, COMMANDS)).toEqual([]);
    expect(Object.keys(COMMAND_DOCS).filter((key) => !COMMANDS.some((command) => `${command.method} ${command.path}` === key))).toEqual([]);
  });

  it('gives every write a body schema with properties, the idempotency header and the error envelope', () => {
    for (const command of COMMANDS.filter((each) => each.method !== 'DELETE')) {
      const operation = document.paths[command.path.replace(/:(\w+)/g, '{$1}')]![command.method.toLowerCase()]!;
      const schema = operation.requestBody!.content['application/json']!.schema;
      expect(Object.keys(schema.properties as object).length, `${command.method} ${command.path}`).toBeGreaterThan(0);
      expect(operation.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
      expect(operation.responses['400']!.content!['application/json']!.schema).toEqual({ $ref: '#/components/schemas/ErrorEnvelope' });
    }
  });

  it('gives every operation a response schema', () => {
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
        expect(success?.[1].content, `${method} ${path}`).toBeDefined();
      }
    }
  });

  it('marks the fields the parsers require as required', () => {
    const say = document.paths['/v1/commands/say']!.post!.requestBody!.content['application/json']!.schema;
    expect(say.required).toEqual(expect.arrayContaining(['actorId', 'text']));
    expect(say.required).not.toContain('roomId');
  });

  it('reads routes from file names the way Nitro does', () => {
    expect(routeOfFile('v1/profiles/[actorId].get.ts')).toMatchObject({ method: 'GET', path: '/v1/profiles/:actorId' });
    expect(routeOfFile('v1/rooms/index.get.ts')).toMatchObject({ method: 'GET', path: '/v1/rooms' });
    expect(routeOfFile('v1/operator/audit.ts')).toMatchObject({ method: 'GET', path: '/v1/operator/audit' });
    expect(routeOfFile('openapi.json.get.ts')).toMatchObject({ method: 'GET', path: '/openapi.json' });
    expect(routeOfFile('v1/inbox/[...rest].ts')).toBeNull();
  });
});
