import { z } from 'zod';
import type { ApiEnv } from '@cafe/shared';
import { getDefaults } from '../deps';
import type { CommandRequest } from '../pipeline/command';
import { idField, optionalOpaqueId, parseFields, requiredString } from './fields';

/**
 * Who acts where, as a body names it: tenant and room (blank → the discovery defaults), the
 * acting `actorId` (required) and an optional `correlationId`. zod fields, to extend per route.
 */
export function roomActorFields(env: ApiEnv) {
  const defaults = getDefaults({ env });
  return {
    tenantId: idField('tenantId', defaults.tenantId),
    roomId: idField('roomId', defaults.roomId),
    actorId: requiredString('actorId'),
    correlationId: optionalOpaqueId('correlationId'),
  };
}

/**
 * Who acts on one stored record (a task, a shared object): the tenant from the body, else the
 * query, else the default; the acting `actorId`; an optional `correlationId`.
 */
export function parseRecordActor(request: CommandRequest, env: ApiEnv) {
  const fallback = request.query.string('tenantId') ?? getDefaults({ env }).tenantId;
  const schema = z.object({ tenantId: idField('tenantId', fallback), actorId: requiredString('actorId'), correlationId: optionalOpaqueId('correlationId') });
  return parseFields(schema, request.body);
}
