import { describe, expect, it } from 'vitest';
import { createRoomProjection, foldRoomEvent, type EventEnvelope } from '@cafe/shared';
import { decodeProjection, encodeProjection } from '../src/read-models/projection-codec';
import { getRoomKeys } from '../src/read-models/keyspace';
import { resolvePresenceTtl, toRoomStreamFields, toSnapshotView, toStateView } from '../src/read-models/room-views';
import { matchesFilter } from '../src/filter';

let sequence = 0;
function event(type: string, actorId: string, payload: Record<string, unknown>): EventEnvelope {
  sequence += 1;
  return { eventId: `e${sequence}`, sequence, tenantId: 'default', roomId: 'main', actorId, type, timestamp: `2026-01-01T00:00:${String(sequence).padStart(2, '0')}.000Z`, payload, correlationId: 'c', causationId: null };
}

function sampleRoom() {
  const state = createRoomProjection('default', 'main');
  foldRoomEvent(state, event('agent_entered', '42', { position: { x: 1, y: 2 } }));
  foldRoomEvent(state, event('agent_entered', 'bob', { position: { x: 3, y: 4 } }));
  foldRoomEvent(state, event('conversation_message_posted', 'bob', { conversation: { messageId: 'm1', threadId: 't1', text: 'hi' } }));
  foldRoomEvent(state, event('task_created', 'bob', { taskId: 't', title: 'T', state: 'open' }));
  foldRoomEvent(state, event('presence_heartbeat', '42', { status: 'busy', ttlMs: 1000, lastHeartbeatAt: 'a', expiresAt: 'b' }));
  return state;
}

describe('read-model views and codec', () => {
  it('round-trips a projection, keeping map order (numeric-looking keys too) and sets', () => {
    const state = sampleRoom();
    const decoded = decodeProjection(encodeProjection(state));
    expect(decoded).toEqual(state);
    expect([...decoded.actors.keys()]).toEqual(['42', 'bob']);
    expect(decoded.threads.get('t1')!.participants).toBeInstanceOf(Set);
    // The decoded state keeps folding like the original.
    const next = event('order_changed', 'bob', { itemId: 'tea', size: 's' });
    foldRoomEvent(state, next);
    foldRoomEvent(decoded, next);
    expect(decoded).toEqual(state);
  });

  it('renders the state and compact snapshot of docs/transport.md#projector', () => {
    const state = sampleRoom();
    expect(toStateView(state)).toEqual({ tenantId: 'default', roomId: 'main', lastEventId: state.lastEventId, lastEventAt: state.lastEventAt, actorCount: 2, threadCount: 1, taskCount: 1, objectCount: 0 });
    const snapshot = toSnapshotView(state);
    expect(snapshot.actors[0]).toEqual({ actorId: '42', status: 'busy', x: 1, y: 2, lastSeen: expect.any(String), lastOrder: null, presence: { lastHeartbeatAt: 'a', ttlMs: 1000, expiresAt: 'b', isActive: true } });
    expect(snapshot.actors[1]).toMatchObject({ actorId: 'bob', presence: null });
    expect(snapshot.threads[0]!.participants).toEqual(['bob']);
    expect(Object.keys(snapshot)).not.toContain('chat');
  });

  it('lays out stream fields and keys as the spec names them', () => {
    const fields = toRoomStreamFields(event('order_changed', 'a', { itemId: 'x' }));
    expect(fields.filter((_, i) => i % 2 === 0)).toEqual(['eventId', 'sequence', 'tenantId', 'roomId', 'actorId', 'type', 'timestamp', 'payload', 'event']);
    expect(JSON.parse(fields[15]!)).toEqual({ itemId: 'x' });
    expect(getRoomKeys('acf', 'default', 'main')).toMatchObject({ state: 'acf:room:default:main:state', snapshot: 'acf:room:default:main:state:snapshot', presence: 'acf:room:default:main:presence', stream: 'acf:room:default:main:stream' });
  });

  it('floors the presence TTL at 10 s and disables it at 0 or below', () => {
    expect(resolvePresenceTtl(60)).toBe(60);
    expect(resolvePresenceTtl(3)).toBe(10);
    expect(resolvePresenceTtl(0)).toBeNull();
    expect(resolvePresenceTtl(-5)).toBeNull();
  });

  it('matches filters field by field', () => {
    const e = event('order_changed', 'bob', {});
    expect(matchesFilter(e, undefined)).toBe(true);
    expect(matchesFilter(e, { tenantId: 'default', roomId: 'main', actorId: 'bob', types: ['order_changed'] })).toBe(true);
    expect(matchesFilter(e, { roomId: 'side' })).toBe(false);
    expect(matchesFilter(e, { actorId: 'alice' })).toBe(false);
    expect(matchesFilter(e, { types: ['x'] })).toBe(false);
    expect(matchesFilter(e, { types: [] })).toBe(true);
  });
});
