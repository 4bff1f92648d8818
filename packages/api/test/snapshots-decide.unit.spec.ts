import { describe, expect, it } from 'vitest';
import { decideSnapshot, parseSnapshotCreate, readSnapshotTtl, resolveSnapshotExpiry } from '../src/snapshots/decide-snapshot';
import { readSnapshotVersion } from '../src/snapshots/read-snapshot';
import { errorOf } from './helpers/error-of';

const defaults = { tenantId: 'default', roomId: 'main' };
const now = new Date('2026-02-14T10:00:00.000Z');


describe('snapshot ttl (docs/api.md#snapshots)', () => {
  it('defaults to an hour for absent or zero, never expires for negative or non-numeric', () => {
    expect(readSnapshotTtl(undefined)).toBe(3600);
    expect(readSnapshotTtl(null)).toBe(3600);
    expect(readSnapshotTtl(0)).toBe(3600);
    expect(readSnapshotTtl(60)).toBe(60);
    expect(readSnapshotTtl('90')).toBe(90);
    expect(readSnapshotTtl(-1)).toBeNull();
    expect(readSnapshotTtl('later')).toBeNull();
    expect(readSnapshotTtl({})).toBeNull();
    expect(resolveSnapshotExpiry(60, now)).toBe('2026-02-14T10:01:00.000Z');
    expect(resolveSnapshotExpiry(null, now)).toBeNull();
  });
});

describe('snapshot parsing and decision', () => {
  it('room snapshots default their author to system and have no actor', () => {
    const input = parseSnapshotCreate('room', { state: { a: 1 } }, defaults);
    expect(input).toMatchObject({ kind: 'room', tenantId: 'default', roomId: 'main', actorId: 'system', state: { a: 1 }, ttlSeconds: 3600 });
    const { snapshot, event } = decideSnapshot({ tenantId: 'default', roomId: 'main', correlationId: 'c', now }, input, 3);
    expect(snapshot).toEqual({
      scope: 'room',
      tenantId: 'default',
      roomId: 'main',
      actorId: null,
      version: 3,
      state: { a: 1 },
      createdAt: '2026-02-14T10:00:00.000Z',
      expiresAt: '2026-02-14T11:00:00.000Z',
    });
    expect(event).toMatchObject({ type: 'snapshot_created', actorId: 'system' });
    expect(event.payload).toEqual({ scope: 'room', version: 3, expiresAt: '2026-02-14T11:00:00.000Z', snapshotRef: { roomId: 'main', actorId: null } });
  });

  it('agent snapshots require actorId and carry it', () => {
    expect(errorOf(() => parseSnapshotCreate('agent', {}, defaults)).code).toBe('ERR_MISSING_FIELD');
    const input = parseSnapshotCreate('agent', { actorId: 'ada', ttlSeconds: -1 }, defaults);
    const { snapshot, event } = decideSnapshot({ tenantId: 'default', roomId: 'main', correlationId: 'c', now }, input, 1);
    expect(snapshot).toMatchObject({ actorId: 'ada', expiresAt: null, state: {} });
    expect(event).toMatchObject({ actorId: 'ada' });
    expect(event.payload).toMatchObject({ snapshotRef: { roomId: 'main', actorId: 'ada' }, expiresAt: null });
  });

  it('rejects a non-object state', () => {
    const error = errorOf(() => parseSnapshotCreate('room', { state: [1] }, defaults));
    expect(error.code).toBe('ERR_VALIDATION');
    expect(error.details).toEqual({ field: 'state' });
  });

  it('reads only positive integer versions', () => {
    expect(readSnapshotVersion('2')).toBe(2);
    expect(readSnapshotVersion(undefined)).toBeUndefined();
    expect(readSnapshotVersion('0')).toBeUndefined();
    expect(readSnapshotVersion('latest')).toBeUndefined();
    expect(readSnapshotVersion('1.5')).toBeUndefined();
  });
});
