import { z } from 'zod';
import type { ApiEnv } from '@cafe/shared';
import { summariseEmitted } from '../events/new-event';
import { getDefaults } from '../deps';
import { defineCommand, type CommandRequest } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { idField, optionalOpaqueId, parseFields, requiredString } from '../request/fields';
import type { VerifiedPayment } from '../rooms/decide-payment';
import { findRoom, saveRoom } from '../rooms/room-store';
import { verifyCommandPayment } from '../rooms/verify-payment';
import { assertSessionRoom, decideSessionCreate, decideSessionPatch } from './decide-table-session';
import { parseTableSessionCreate, parseTableSessionPatch } from './parse-table-session';
import { usePlanBook } from './plans';
import { requireTableSession } from './read-table-sessions';
import { saveTableSession } from './table-session-store';

/**
 * `POST /v1/table-sessions` (docs/private-tables.md#the-pieces): pre-checks (plan, amount ≥ price), idempotency,
 * the gate (only someone else's open session refuses), the override (`table_session_create`),
 * the room check and payment (before the transaction), then the room as a private table and the
 * new `active` session with its `table_session_created` event. 201.
 */
export const tableSessionCreateCommand = defineCommand({
  method: 'POST',
  path: '/v1/table-sessions',
  parse: ({ body }, env) => parseTableSessionCreate(body, { tenantId: getDefaults({ env }).tenantId, book: usePlanBook(env) }),
  key: ({ tenantId, roomId, roomIdGiven, actorId, ownerActorId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    scope: scopes.tableSessionCreate(tenantId, roomIdGiven ? roomId : undefined, ownerActorId),
    locks: [locks.room(tenantId, roomId)],
  }),
  gate: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'table_session_create', rule: { kind: 'open-session' } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'table_session_create' }),
  prepare: async (ctx, input): Promise<VerifiedPayment> => {
    assertSessionRoom(input, await findRoom(ctx.sql, input.tenantId, input.roomId));
    return verifyCommandPayment(ctx, input);
  },
  load: async ({ tx }, input, payment) => {
    const existing = await findRoom(tx, input.tenantId, input.roomId);
    assertSessionRoom(input, existing);
    return { existing, payment: payment as VerifiedPayment };
  },
  decide: (input, { existing, payment }, { correlationId, now }) =>
    decideSessionCreate({ tenantId: input.tenantId, roomId: input.roomId, correlationId, now }, input, existing, payment),
  persist: async ({ tx }, { room, session }) => {
    const [savedRoom, savedSession] = await Promise.all([saveRoom(tx, room), saveTableSession(tx, session)]);
    return { room: savedRoom, session: savedSession };
  },
  respond: ({ persisted, appended, correlationId }) => ({
    status: 201,
    data: { room: persisted.room, session: persisted.session, emittedEvents: summariseEmitted(appended), correlationId },
  }),
});

/** The subject of PATCH: the path's session; the tenant from the body, else the query, else the default. */
function parsePatchSubject(request: CommandRequest, env: ApiEnv) {
  const fallback = request.query.string('tenantId') ?? getDefaults({ env }).tenantId;
  const schema = z.object({ tenantId: idField('tenantId', fallback), actorId: requiredString('actorId'), correlationId: optionalOpaqueId('correlationId') });
  // The room is filled in by the pre-check, which reads the session.
  return { ...parseFields(schema, request.body), sessionId: request.params.sessionId ?? '', roomId: '', body: request.body };
}

/**
 * `PATCH /v1/table-sessions/{id}` (docs/private-tables.md#the-pieces): 404 before the key; then the gate (the actor
 * must belong to this session, whatever the plan or expiry), the override
 * (`table_session_update`), the patch (members, expiry, status, metadata). 200.
 */
export const tableSessionPatchCommand = defineCommand({
  method: 'PATCH',
  path: '/v1/table-sessions/:sessionId',
  parse: (request, env) => parsePatchSubject(request, env),
  precheck: async (sql, pre) => ({ ...pre, roomId: (await requireTableSession(sql, pre.tenantId, pre.sessionId)).roomId }),
  key: ({ tenantId, roomId, actorId, sessionId, correlationId }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    route: `/v1/table-sessions/${sessionId}`,
    scope: scopes.tableSessionPatch(tenantId, sessionId),
    locks: [locks.tableSession(tenantId, sessionId)],
  }),
  gate: ({ tenantId, roomId, actorId, sessionId }) => ({ tenantId, roomId, actorId, action: 'table_session_update', rule: { kind: 'this-session', sessionId } }),
  override: ({ tenantId, roomId, actorId }) => ({ tenantId, roomId, actorId, action: 'table_session_update' }),
  validate: (pre) => ({ ...pre, patch: parseTableSessionPatch(pre.body) }),
  // Read under the session's lock: the sweeper or another PATCH may have changed it since.
  load: ({ tx }, { tenantId, sessionId }) => requireTableSession(tx, tenantId, sessionId),
  decide: ({ tenantId, roomId, actorId, patch }, current, { correlationId, now }) => decideSessionPatch({ tenantId, roomId, correlationId, now }, actorId, current, patch),
  persist: ({ tx }, { session }) => saveTableSession(tx, session),
  respond: ({ persisted, appended, correlationId }) => ({ status: 200, data: { session: persisted, emittedEvents: summariseEmitted(appended), correlationId } }),
});
