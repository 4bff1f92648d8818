import { describe, expect, it } from 'vitest';
import type { StoredCapability } from '../src/domain/stored-capability';
import { CapabilityCache } from '../src/registry/capability-cache';

const stored = (capabilityId: string, updatedAtMs: number, status: 'active' | 'inactive' = 'active', expiresAtMs: number | null = null): StoredCapability => ({
  record: { capabilityId, version: String(updatedAtMs), displayName: capabilityId, summary: 's', status, lastSeenAt: new Date(updatedAtMs).toISOString(), registeredAt: new Date(0).toISOString() },
  expiresAtMs,
  updatedAtMs,
});

/** A loader over an in-memory list that counts its calls and can be held open. */
function loader(rows: StoredCapability[]) {
  let calls = 0;
  let gate: Promise<void> | null = null;
  let open = () => {};
  return {
    rows,
    calls: () => calls,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    release: () => open(),
    load: async () => {
      calls += 1;
      const snapshot = rows.map((row) => ({ ...row }));
      if (gate) await gate;
      return snapshot;
    },
  };
}

describe('capability cache', () => {
  it('serves from memory within the TTL, reloads after it, and sorts by id', async () => {
    let now = 0;
    const source = loader([stored('b', 1), stored('a', 1)]);
    const cache = new CapabilityCache(source.load, 5000, () => now);
    expect((await cache.views()).all.map((r) => r.capabilityId)).toEqual(['a', 'b']);
    now = 4999;
    await cache.views();
    expect(source.calls()).toBe(1);
    now = 5000;
    await cache.views();
    expect(source.calls()).toBe(2);
  });

  it('TTL 0 reloads on every read; concurrent reads share one load', async () => {
    const source = loader([stored('a', 1)]);
    const cache = new CapabilityCache(source.load, 0, () => 0);
    await Promise.all([cache.views(), cache.views(), cache.views()]);
    expect(source.calls()).toBe(1);
    await cache.views();
    expect(source.calls()).toBe(2);
  });

  it('applies local writes in place without reloading', async () => {
    const source = loader([stored('a', 1)]);
    const cache = new CapabilityCache(source.load, 60_000, () => 10);
    await cache.views();
    cache.put(stored('c', 2));
    cache.put(stored('a', 3, 'inactive'));
    const views = await cache.views();
    expect(views.all.map((r) => `${r.capabilityId}:${r.status}`)).toEqual(['a:inactive', 'c:active']);
    expect(cache.storedActiveCount()).toBe(1);
    cache.touch('c', 50, 90, 4);
    expect((await cache.get('c'))!.lastSeenAt).toBe(new Date(50).toISOString());
    cache.remove('c', 5);
    expect(await cache.get('c')).toBeUndefined();
    expect(cache.storedActiveCount()).toBe(0);
    expect(source.calls()).toBe(1);
  });

  it('keeps the newer of two versions of a record', async () => {
    const cache = new CapabilityCache(loader([stored('a', 10)]).load, 60_000, () => 0);
    await cache.views();
    cache.put(stored('a', 5, 'inactive'));
    expect((await cache.get('a'))!.status).toBe('active');
    cache.remove('a', 9);
    expect(await cache.get('a')).toBeDefined();
  });

  it('replays writes made during a load on top of its (older) result', async () => {
    let now = 0;
    const source = loader([stored('a', 1)]);
    const cache = new CapabilityCache(source.load, 1000, () => now);
    await cache.views();
    now = 2000;
    source.hold();
    const reading = cache.views();
    cache.put(stored('a', 2000, 'inactive'));
    cache.put(stored('z', 2000));
    source.release();
    const views = await reading;
    expect(views.all.map((r) => `${r.capabilityId}:${r.status}`)).toEqual(['a:inactive', 'z:active']);
  });

  it('invalidate() makes the next read reload', async () => {
    const source = loader([stored('a', 1)]);
    const cache = new CapabilityCache(source.load, 60_000, () => 0);
    await cache.views();
    source.rows.push(stored('b', 1));
    expect((await cache.views()).all).toHaveLength(1);
    cache.invalidate();
    expect((await cache.views()).all).toHaveLength(2);
  });

  it('re-evaluates expiry as time passes, even without writes', async () => {
    let now = 0;
    const cache = new CapabilityCache(loader([stored('a', 1, 'active', 100)]).load, 60_000, () => now);
    expect((await cache.views()).active).toHaveLength(1);
    now = 101;
    expect((await cache.views()).active).toHaveLength(0);
    expect((await cache.get('a'))!.status).toBe('inactive');
  });
});
