import { z } from 'zod';
import { buildOpenApiDocument, type OperationDoc } from '@cafe/http';
import {
  CAFE_VERSION,
  CapabilityListResponseSchema,
  CapabilityQuerySchema,
  CapabilityRegistrationResponseSchema,
  CapabilityRegistrationSchema,
  CapabilityResponseSchema,
} from '@cafe/shared';

const open = (description: string) => z.object({}).catchall(z.unknown()).meta({ description });
const capabilityId = { capabilityId: 'the capability (URL-encoded)' };

/**
 * Every route of the registry as the document describes it. Bodies, queries and answers are
 * the zod schemas the routes validate with and answer by (`@cafe/shared` flex schemas).
 */
export const FLEX_OPERATIONS: OperationDoc[] = [
  {
    method: 'POST',
    path: '/api/v1/flex/capabilities/register',
    summary: 'Register (or refresh) a capability',
    description: 'Answers the stored record and the registry status; `Prefer: return=minimal` leaves out the active list (docs/flex-registry.md#register-a-capability).',
    tag: 'Capabilities',
    body: CapabilityRegistrationSchema,
    response: CapabilityRegistrationResponseSchema,
    example: {
      body: {
        capabilityId: 'summarise-en',
        agentId: 'agent-7',
        description: 'Summarises English text',
        inputTraits: { modalities: ['text'] },
        heartbeat: { intervalSeconds: 30 },
        outputContract: { mode: 'freeform', instructions: 'A short paragraph.' },
      },
    },
  },
  {
    method: 'POST',
    path: '/api/v1/flex/capabilities/:capabilityId/heartbeat',
    summary: 'Keep a capability alive',
    tag: 'Capabilities',
    params: capabilityId,
    response: z.null().meta({ description: '204, no body' }),
    status: 204,
  },
  {
    method: 'GET',
    path: '/api/v1/flex/capabilities',
    summary: 'Find capabilities',
    tag: 'Capabilities',
    query: CapabilityQuerySchema,
    response: CapabilityListResponseSchema,
  },
  {
    method: 'GET',
    path: '/api/v1/flex/capabilities/:capabilityId',
    summary: 'One capability',
    tag: 'Capabilities',
    params: capabilityId,
    response: CapabilityResponseSchema,
  },
  { method: 'GET', path: '/api/v1/health', summary: 'Health, version and modes', tag: 'Health', response: open('`status`, `service`, `version`, `modes`, `database`'), auth: false },
  { method: 'GET', path: '/api/v1/health/db', summary: 'Database probe (always 200)', tag: 'Health', response: open('`ok`, `driver`, `error`, `timestamp`') },
  { method: 'GET', path: '/api/v1/health/openai', summary: 'OpenAI probe (always 200)', tag: 'Health', response: open('`ok`, `configured`, `model`, `durationMs`, `error`') },
  { method: 'GET', path: '/openapi.json', summary: 'This document (OpenAPI 3.1)', tag: 'Reference', response: open('the document'), auth: false },
  { method: 'GET', path: '/docs', summary: 'This document, rendered', tag: 'Reference', response: z.string(), produces: 'text/html', auth: false },
];

let cached: Record<string, unknown> | undefined;

/** The OpenAPI 3.1 document of the flex capability registry (built once). */
export function flexOpenApiDocument(): Record<string, unknown> {
  cached ??= buildOpenApiDocument(
    {
      title: 'Cafe flex capability registry',
      version: CAFE_VERSION,
      description: 'Agents announce what they can do; planners find what is live. With FLEX_API_KEY set, `/api/` routes want `Authorization: Bearer <key>` (docs/flex-registry.md).',
      errorStyle: 'flex',
      commonErrors: [],
      auth: { header: 'authorization', bearer: true },
    },
    FLEX_OPERATIONS,
  );
  return cached;
}
