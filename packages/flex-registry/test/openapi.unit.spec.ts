import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routesMissingFrom, routesOfDirectory } from '@cafe/http';
import { flexOpenApiDocument } from '../src/openapi/flex-document';

const document = flexOpenApiDocument() as { openapi: string; paths: Record<string, Record<string, { requestBody?: unknown; parameters: { name: string; in: string }[] }>> };

describe('the OpenAPI document of the flex registry', () => {
  it('has an operation for every route file', () => {
    const routes = routesOfDirectory(resolve(import.meta.dirname, '../server/routes'));
    expect(routes.length).toBeGreaterThanOrEqual(7);
    expect(routesMissingFrom(document, routes)).toEqual([]);
  });

  it('describes registration with the schema the route validates with, and the list query', () => {
    const register = document.paths['/api/v1/flex/capabilities/register']!.post!;
    expect(JSON.stringify(register.requestBody)).toContain('capabilityId');
    const list = document.paths['/api/v1/flex/capabilities']!.get!;
    expect(list.parameters.filter((parameter) => parameter.in === 'query').length).toBeGreaterThan(2);
  });
});
