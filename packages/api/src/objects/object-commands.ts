import { z } from 'zod';
import { PLAN_FEATURES } from '@cafe/shared';
import { summariseEmitted } from '../events/new-event';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { parseRecordActor, roomActorFields } from '../request/acting-subject';
import { parseFields } from '../request/fields';
import { decideObjectCreate, decideObjectPatch } from './decide-object';
import { saveSharedObject } from './object-store';
import { requireSharedObject } from './read-objects';
import { parseObjectFields, parseObjectPatch } from './validate-object';

/**
 * `POST /v1/objects` (docs/tasks.md): ids are the pre-checks; then idempotency, the
 * private-table gate (feature `shared_objects`), the override check (`object_create`), field validation, and the object at version 1.
 */
export const objectCreateCommand = defineCommand({
  method: 'POST',
  path: '/v1/objects',
  parse: ({ body }, env) => ({ ...parseFields(z.object(roomActorFields(env)), body), body }),
  key: ({ tenantId, roomId, actorId, correlationId }) => ({ tenantId, roomId, actorId, correlationId, scope: scopes.objectCreate(tenantId, roomId, actorId) }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'object_create', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.sharedObjects } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'object_create' }),
  validate: (pre) => ({ ...pre, fields: parseObjectFields(pre.body) }),
  decide: ({ tenantId, roomId, actorId, fields }, _state, { correlationId, now }) => decideObjectCreate({ tenantId, roomId, correlationId, now }, actorId, fields),
  persist: ({ tx }, { object }) => saveSharedObject(tx, object),
  respond: ({ persisted, appended, correlationId }) => ({ status: 201, data: { object: persisted, emittedEvents: summariseEmitted(appended), correlationId } }),
});

/**
 * `PATCH /v1/objects/{id}` (docs/tasks.md): 404 before the key (the object's room names
 * the scope); then idempotency, the private-table gate (feature `shared_objects`), the override check (`object_update`), partial validation.
 * Patches of one object queue on its lock, so versions never repeat.
 */
export const objectPatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/objects/:objectId',
  // `roomId` is the object's own room, filled in by the pre-check that finds the object.
  parse: (request, env) => ({ ...parseRecordActor(request, env), objectId: request.params.objectId ?? '', roomId: '', body: request.body }),
  precheck: async (sql, pre) => {
    const object = await requireSharedObject(sql, pre.tenantId, pre.objectId);
    return { ...pre, objectId: object.objectId, roomId: object.roomId };
  },
  key: ({ tenantId, roomId, actorId, objectId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    route: `/v1/objects/${objectId}`,
    scope: scopes.objectPatch(tenantId, roomId, objectId),
    locks: [locks.sharedObject(tenantId, objectId)],
  }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'object_update', rule: { kind: 'session', requiredFeature: PLAN_FEATURES.sharedObjects } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'object_update' }),
  validate: (pre) => ({ ...pre, fields: parseObjectPatch(pre.body) }),
  load: ({ tx }, { tenantId, objectId }) => requireSharedObject(tx, tenantId, objectId),
  decide: ({ tenantId, roomId, actorId, fields }, object, { correlationId, now }) => decideObjectPatch({ tenantId, roomId, correlationId, now }, object, actorId, fields),
  persist: ({ tx }, { object }) => saveSharedObject(tx, object),
  respond: ({ persisted, appended, correlationId }) => ({ status: 200, data: { object: persisted, emittedEvents: summariseEmitted(appended), correlationId } }),
});
