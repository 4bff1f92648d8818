import { randomUUID } from 'node:crypto';
import type { EventPayload, NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import { OBJECT_FIELDS, type SharedObject } from './shared-object';
import type { ObjectFieldValues } from './validate-object';

export interface ObjectDecision {
  object: SharedObject;
  events: NewEvent[];
}

/** The object fields an event carries (docs/events.md#catalogue): everything but the tenant and room. */
function objectPayload(object: SharedObject): EventPayload<'shared_object_created'> {
  const { tenantId: _tenantId, roomId: _roomId, ...fields } = object;
  return fields;
}

/** `POST /v1/objects` (docs/api.md#shared-objects): version 1, a `note` unless typed, a token counts from 0. */
export function decideObjectCreate(origin: EventOrigin, actorId: string, fields: ObjectFieldValues): ObjectDecision {
  const objectType = fields.objectType ?? 'note';
  const at = origin.now.toISOString();
  const object: SharedObject = {
    objectId: randomUUID(),
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    objectType,
    objectKey: fields.objectKey ?? null,
    title: fields.title ?? null,
    content: fields.content ?? null,
    data: fields.data ?? {},
    quantity: fields.quantity !== undefined ? fields.quantity : objectType === 'token' ? 0 : null,
    metadata: fields.metadata ?? {},
    version: 1,
    createdBy: actorId,
    updatedBy: actorId,
    createdAt: at,
    updatedAt: at,
  };
  return { object, events: [createEvent(origin, { type: 'shared_object_created', actorId, payload: objectPayload(object) })] };
}

/**
 * `PATCH /v1/objects/{id}` (docs/api.md#shared-objects): the given fields replace the stored ones, the
 * version moves up by one, no optimistic check. `changedFields` lists the fields given.
 */
export function decideObjectPatch(origin: EventOrigin, before: SharedObject, actorId: string, fields: ObjectFieldValues): ObjectDecision {
  const object: SharedObject = { ...before, ...fields, version: before.version + 1, updatedBy: actorId, updatedAt: origin.now.toISOString() };
  const changedFields = OBJECT_FIELDS.filter((field) => fields[field] !== undefined);
  return { object, events: [createEvent(origin, { type: 'shared_object_updated', actorId, payload: { ...objectPayload(object), changedFields } })] };
}
