import { z } from 'zod';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { roomActorFields } from '../request/acting-subject';
import { optionalObject, parseFields, requiredString } from '../request/fields';
import { decidePin } from './decide-pin';
import { findLatestPinVersion, insertActivePin } from './pin-store';

/**
 * `POST /v1/rooms/context/pin` (docs/tasks.md): every field is a pre-check; then
 * idempotency (one scope per room), the `canModerate` capability and moderation, both under
 * action `room_context_pin`. No override check: pinning works in a paused room.
 */
export const pinCommand = defineCommand({
  method: 'POST',
  path: '/v1/rooms/context/pin',
  parse: ({ body }, env) => {
    const schema = z.object({ ...roomActorFields(env), content: requiredString('content'), metadata: optionalObject('metadata') });
    const fields = parseFields(schema, body);
    return { ...fields, metadata: fields.metadata ?? {} };
  },
  key: ({ tenantId, roomId, actorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.roomContextPin(tenantId, roomId),
    locks: [locks.roomContext(tenantId, roomId)],
  }),
  permission: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'room_context_pin' }),
  moderation: () => ({ action: 'room_context_pin' }),
  load: ({ tx }, { tenantId, roomId }) => findLatestPinVersion(tx, tenantId, roomId),
  decide: ({ tenantId, roomId, ...request }, latestVersion, { correlationId, now }) => decidePin({ tenantId, roomId, correlationId, now }, latestVersion, request),
  persist: ({ tx }, { pin }) => insertActivePin(tx, pin),
  respond: ({ persisted, appended, correlationId }) => ({
    status: 201,
    data: { pinnedContext: persisted, eventId: appended[0]!.eventId, sequence: appended[0]!.sequence, correlationId },
  }),
});
