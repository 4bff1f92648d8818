import { describe, expect, it } from 'vitest';
import type { EventEnvelope } from '@cafe/shared';
import { decideTtlExpiry } from '../src/presence/decide-presence';
import { foldLastSeen, joinPresence, resolveScanLimit } from '../src/presence/fold-last-seen';
import { parseHeartbeat, resolveHeartbeatTtl } from '../src/presence/parse-heartbeat';
import type { PresenceState } from '../src/presence/presence-state';
import { errorOf } from './helpers/error-of';

const defaults = { tenantId: 'default', roomId: 'main', ttlMs: 60000 };


function event(sequence: number, actorId: string, type = 'actor_moved'): EventEnvelope {
  return {
    eventId: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    sequence,
    tenantId: 'default',
    roomId: 'main',
    actorId,
    type,
    timestamp: new Date(Date.UTC(2026, 1, 14, 10, 0, sequence)).toISOString(),
    payload: {},
    correlationId: 'c',
    causationId: null,
  };
}

const presence = (actorId: string, status: PresenceState['status']): PresenceState => ({
  tenantId: 'default',
  roomId: 'main',
  actorId,
  status,
  lastHeartbeatAt: '2026-02-14T10:00:00.000Z',
  ttlMs: 60000,
  expiresAt: '2026-02-14T10:01:00.000Z',
  isActive: status !== 'inactive',
  createdAt: '2026-02-14T09:00:00.000Z',
  updatedAt: '2026-02-14T10:00:00.000Z',
});

describe('heartbeat parsing (docs/api.md#presence)', () => {
  it('applies defaults and lower-cases the status', () => {
    expect(parseHeartbeat({ actorId: ' ada ', status: 'BUSY' }, defaults)).toEqual({
      tenantId: 'default',
      roomId: 'main',
      actorId: 'ada',
      status: 'busy',
      ttlMs: 60000,
      correlationId: undefined,
    });
    expect(parseHeartbeat({ actorId: 'a', tenantId: '  ', roomId: 'r2' }, defaults)).toMatchObject({ tenantId: 'default', roomId: 'r2', status: 'idle' });
  });

  it('clamps ttlMs to 1 s – 10 min, 0/absent/non-numeric → default', () => {
    expect(resolveHeartbeatTtl(undefined, 60000)).toBe(60000);
    expect(resolveHeartbeatTtl(0, 60000)).toBe(60000);
    expect(resolveHeartbeatTtl('soon', 60000)).toBe(60000);
    expect(resolveHeartbeatTtl(5, 60000)).toBe(1000);
    expect(resolveHeartbeatTtl(-5, 60000)).toBe(1000);
    expect(resolveHeartbeatTtl(10_000_000, 60000)).toBe(600000);
    expect(resolveHeartbeatTtl(2500.4, 60000)).toBe(2500);
  });

  it('rejects an unknown status with ERR_INVALID_ENUM and the allowed list', () => {
    const error = errorOf(() => parseHeartbeat({ actorId: 'a', status: 'sleeping' }, defaults));
    expect(error.code).toBe('ERR_INVALID_ENUM');
    expect(error.details).toEqual({ field: 'status', value: 'sleeping', allowed: ['thinking', 'idle', 'busy', 'inactive'] });
  });

  it('requires actorId and string ids', () => {
    expect(errorOf(() => parseHeartbeat({}, defaults)).code).toBe('ERR_MISSING_FIELD');
    expect(errorOf(() => parseHeartbeat({ actorId: 'a', roomId: 5 }, defaults)).details).toEqual({ field: 'roomId' });
  });
});

describe('TTL expiry decision (docs/policies.md#presence)', () => {
  it('emits one status_changed by the system with the expired times', () => {
    const now = new Date('2026-02-14T10:05:00.000Z');
    const decision = decideTtlExpiry(presence('ada', 'busy'), now, 'sweep-1');
    expect(decision.next).toMatchObject({ status: 'inactive', isActive: false, updatedAt: now.toISOString() });
    expect(decision.events).toHaveLength(1);
    expect(decision.events[0]).toMatchObject({ type: 'status_changed', actorId: 'ada', correlationId: 'sweep-1', causationId: null });
    expect(decision.events[0]!.payload).toMatchObject({
      fromStatus: 'busy',
      toStatus: 'inactive',
      reason: 'heartbeat_ttl_expired',
      source: 'system',
      expiresAt: '2026-02-14T10:01:00.000Z',
      lastHeartbeatAt: '2026-02-14T10:00:00.000Z',
      from: 'busy',
      to: 'inactive',
    });
  });

  it('does nothing for an already inactive row', () => {
    expect(decideTtlExpiry(presence('ada', 'inactive'), new Date(), 'x').events).toEqual([]);
  });
});

describe('last-seen fold (docs/policies.md#last-seen)', () => {
  const newestFirst = [event(6, 'bob'), event(5, 'system', 'room_created'), event(4, 'ada'), event(3, 'bob'), event(2, 'cy'), event(1, 'ada')];

  it('keeps the newest event per author and skips system by default', () => {
    const rows = foldLastSeen(newestFirst, { includeSystemActors: false, limit: 10 });
    expect(rows.map((row) => [row.actorId, row.lastSequence])).toEqual([
      ['bob', 6],
      ['ada', 4],
      ['cy', 2],
    ]);
    expect(rows[0]).toMatchObject({ lastEventType: 'actor_moved', lastSeen: event(6, 'bob').timestamp, status: null, isActive: null, lastHeartbeatAt: null });
  });

  it('includes system when asked and stops at the limit', () => {
    expect(foldLastSeen(newestFirst, { includeSystemActors: true, limit: 2 }).map((row) => row.actorId)).toEqual(['bob', 'system']);
  });

  it('joins presence fields by actor', () => {
    const rows = joinPresence(foldLastSeen(newestFirst, { includeSystemActors: false, limit: 10 }), [presence('ada', 'idle')]);
    expect(rows.find((row) => row.actorId === 'ada')).toMatchObject({ status: 'idle', isActive: true, lastHeartbeatAt: '2026-02-14T10:00:00.000Z' });
    expect(rows.find((row) => row.actorId === 'bob')).toMatchObject({ status: null, isActive: null });
  });

  it('scanLimit defaults to limit × 20, clamped to [limit, 5000]', () => {
    expect(resolveScanLimit(undefined, 100)).toBe(2000);
    expect(resolveScanLimit(undefined, 1000)).toBe(5000);
    expect(resolveScanLimit(3, 100)).toBe(100);
    expect(resolveScanLimit(9000, 10)).toBe(5000);
  });
});
