import { randomUUID } from 'node:crypto';
import { CafeError, type NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import type { VerifiedPayment } from '../rooms/decide-payment';
import type { Room } from '../rooms/room';
import type { TableSessionCreateInput, TableSessionPatch } from './parse-table-session';
import type { TableSession } from './table-session';

/** A session needs a private table: a room that exists as a lobby is refused (docs/private-tables.md#the-pieces). Pure. */
export function assertSessionRoom(input: Pick<TableSessionCreateInput, 'tenantId' | 'roomId'>, existing: Room | null): void {
  if (existing && existing.roomType !== 'private_table') {
    throw new CafeError('ERR_VALIDATION', 'table sessions must target a private_table room', {
      tenantId: input.tenantId,
      roomId: input.roomId,
      roomType: existing.roomType,
    });
  }
}

export interface SessionCreateDecision {
  room: Room;
  session: TableSession;
  events: NewEvent[];
}

/**
 * `POST /v1/table-sessions`: the room becomes (or stays) a private table owned by the session's
 * owner, without a `room_created` event (original behaviour), and an `active` session starts,
 * ending after the plan's duration unless `expiresAt` is given. Pure.
 */
export function decideSessionCreate(origin: EventOrigin, input: TableSessionCreateInput, existing: Room | null, payment: VerifiedPayment): SessionCreateDecision {
  const at = origin.now.toISOString();
  const startedAt = input.startedAt ?? at;
  const expiresAt = input.expiresAt ?? new Date(Date.parse(startedAt) + input.plan.durationMinutes * 60_000).toISOString();
  const room: Room = {
    tenantId: input.tenantId,
    roomId: input.roomId,
    roomType: 'private_table',
    displayName: input.displayName ?? existing?.displayName ?? null,
    ownerActorId: input.ownerActorId,
    metadata: existing?.metadata ?? {},
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  const session: TableSession = {
    sessionId: randomUUID(),
    tenantId: input.tenantId,
    roomId: input.roomId,
    ownerActorId: input.ownerActorId,
    planId: input.plan.planId,
    invitedActorIds: input.invitedActorIds,
    status: 'active',
    startedAt,
    expiresAt,
    endedAt: null,
    paymentRef: payment.ref,
    paymentAmountUsd: payment.amountUsd,
    paymentProvider: payment.provider,
    metadata: input.metadata,
    createdAt: at,
    updatedAt: at,
  };
  const event = createEvent(origin, {
    type: 'table_session_created',
    actorId: input.actorId,
    payload: {
      sessionId: session.sessionId,
      roomId: session.roomId,
      ownerActorId: session.ownerActorId,
      planId: session.planId,
      invitedActorIds: session.invitedActorIds,
      status: session.status,
      startedAt: session.startedAt,
      expiresAt: session.expiresAt,
      paymentProvider: payment.provider,
      paymentRef: payment.ref,
      paymentAmountUsd: payment.amountUsd,
      metadata: session.metadata,
    },
  });
  return { room, session, events: [event] };
}

export interface SessionChangeDecision {
  session: TableSession;
  events: NewEvent[];
}

function updatedEvent(origin: EventOrigin, actorId: string, session: TableSession, changedFields: string[]): NewEvent {
  return createEvent(origin, {
    type: 'table_session_updated',
    actorId,
    payload: {
      sessionId: session.sessionId,
      status: session.status,
      planId: session.planId,
      invitedActorIds: session.invitedActorIds,
      startedAt: session.startedAt,
      expiresAt: session.expiresAt,
      endedAt: session.endedAt,
      metadata: session.metadata,
      changedFields,
    },
  });
}

function endedEvent(origin: EventOrigin, actorId: string, session: TableSession, endedAt: string, update: NewEvent, reason?: 'expired'): NewEvent {
  return createEvent(origin, {
    type: 'table_session_ended',
    actorId,
    causationId: update.eventId,
    payload: { sessionId: session.sessionId, endedAt, ownerActorId: session.ownerActorId, ...(reason ? { reason } : {}) },
  });
}

/**
 * `PATCH /v1/table-sessions/{id}` (docs/private-tables.md#the-pieces): invite or remove members (the list is
 * replaced), extend or shorten (`expiresAt`), end (`status: ended`, `endedAt` now unless given)
 * or re-open (`status: active` clears `endedAt`). One `table_session_updated` naming the
 * patched fields, and a `table_session_ended` when the session moved to `ended`. Pure.
 */
export function decideSessionPatch(origin: EventOrigin, actorId: string, current: TableSession, patch: TableSessionPatch): SessionChangeDecision {
  const at = origin.now.toISOString();
  const next: TableSession = { ...current, updatedAt: at };
  if (patch.invitedActorIds !== undefined) next.invitedActorIds = patch.invitedActorIds;
  if (patch.metadata !== undefined) next.metadata = patch.metadata;
  if (patch.startedAt) next.startedAt = patch.startedAt;
  if (patch.expiresAt) next.expiresAt = patch.expiresAt;
  if (patch.endedAt) next.endedAt = patch.endedAt;
  let endedNow: string | null = null;
  if (patch.status === 'ended') {
    next.status = 'ended';
    next.endedAt = patch.endedAt || (current.status === 'ended' ? (current.endedAt ?? at) : at);
    if (current.status !== 'ended') endedNow = next.endedAt;
  } else if (patch.status === 'active') {
    next.status = 'active';
    next.endedAt = null;
  }
  const update = updatedEvent(origin, actorId, next, Object.keys(patch));
  const events = [update];
  if (endedNow !== null) events.push(endedEvent(origin, actorId, next, endedNow, update));
  return { session: next, events };
}

/**
 * The sweeper's decision for one active session past its `expiresAt` (docs/private-tables.md#the-pieces): ended
 * now, announced by the owner with `table_session_updated` (`changedFields: status, endedAt`)
 * and `table_session_ended` (`reason: expired`), under a fresh correlation id. Pure.
 */
export function decideSessionExpiry(session: TableSession, now: Date, correlationId: string): SessionChangeDecision {
  const at = now.toISOString();
  const origin: EventOrigin = { tenantId: session.tenantId, roomId: session.roomId, correlationId, now };
  const next: TableSession = { ...session, status: 'ended', endedAt: at, updatedAt: at };
  const update = updatedEvent(origin, session.ownerActorId, next, ['status', 'endedAt']);
  return { session: next, events: [update, endedEvent(origin, session.ownerActorId, next, at, update, 'expired')] };
}
