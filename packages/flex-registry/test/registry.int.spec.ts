import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@cafe/testkit';
import { CapabilityRecordSchema, CapabilityStatusChangedPayloadSchema } from '@cafe/shared';
import { createTestRegistry, describeEvents, manualClock, readStatusEvents, registration } from './support';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

beforeEach(async () => {
  await db.sql`truncate flex_capabilities, events`;
});

describe('registration', () => {
  it('stores a capability and lists it as active', async () => {
    const clock = manualClock();
    const registry = createTestRegistry(db.sql, { clock: clock.now });
    const outcome = await registry.register(registration('writer.en', { inputTraits: { languages: ['en'] }, preferredModels: ['m'] }));
    expect(outcome.kind).toBe('registered');
    expect(CapabilityRecordSchema.parse(outcome.stored.record)).toEqual(outcome.stored.record);
    expect(outcome.stored.record).toMatchObject({ capabilityId: 'writer.en', status: 'active', lastSeenAt: '2026-03-01T12:00:00.000Z', registeredAt: '2026-03-01T12:00:00.000Z' });

    const active = await registry.listActive();
    expect(active.map((r) => r.capabilityId)).toEqual(['writer.en']);
    // A second registry (another process) reads it from the table.
    const other = createTestRegistry(db.sql, { clock: clock.now });
    expect(await other.getCapabilityById('writer.en')).toEqual(outcome.stored.record);
  });

  it('dedupes by capabilityId: one row, lastSeenAt refreshed, registeredAt kept, fields overwritten', async () => {
    const clock = manualClock();
    const registry = createTestRegistry(db.sql, { clock: clock.now });
    await registry.register(registration('writer.en', { preferredModels: ['a'], cost: { tier: 'gold' }, metadata: { owner: 'x' } }));
    clock.advance(60_000);
    const second = await registry.register(registration('writer.en', { version: '2.0.0', summary: 'Better.' }));
    expect(second.kind).toBe('refreshed');
    expect(second.stored.record).toEqual({
      capabilityId: 'writer.en',
      version: '2.0.0',
      displayName: 'Capability writer.en',
      summary: 'Better.',
      status: 'active',
      lastSeenAt: '2026-03-01T12:01:00.000Z',
      registeredAt: '2026-03-01T12:00:00.000Z',
    });
    const rows = await db.sql`select preferred_models, cost_json, metadata_json, registered_at < last_seen_at as kept from flex_capabilities`;
    expect(rows).toEqual([{ preferred_models: [], cost_json: null, metadata_json: null, kept: true }]);
  });

  it('stores contracts normalised and JSON fields as objects, not strings', async () => {
    const registry = createTestRegistry(db.sql);
    await registry.register(registration('c', { defaultContract: { mode: 'json_schema', schema: { type: 'object' } }, heartbeat: { intervalSeconds: 5 } }));
    const [row] = await db.sql`select jsonb_typeof(default_contract_json) as contract, default_contract_json->>'mode' as mode, heartbeat_json from flex_capabilities`;
    expect(row).toEqual({ contract: 'object', mode: 'json_schema', heartbeat_json: { intervalSeconds: 5 } });
  });

  it('publishes registered once; a plain re-registration publishes nothing', async () => {
    const registry = createTestRegistry(db.sql);
    await registry.register(registration('writer.en'));
    await registry.register(registration('writer.en'));
    await registry.register(registration('writer.fr'));
    const events = await readStatusEvents(db.sql);
    expect(describeEvents(events)).toEqual(['none→active:registered', 'none→active:registered']);
    const [first] = events;
    expect(first).toMatchObject({ tenant_id: 'default', room_id: 'flex-registry', actor_id: 'flex-registry', causation_id: null });
    expect(CapabilityStatusChangedPayloadSchema.parse(first!.payload)).toMatchObject({ capabilityId: 'writer.en', version: '1.0.0' });
    expect(first!.correlation_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('stamps the configured tenant on events', async () => {
    const registry = createTestRegistry(db.sql, { tenantId: 'acme' });
    await registry.register(registration('t'));
    expect((await readStatusEvents(db.sql))[0]!.tenant_id).toBe('acme');
  });
});

describe('heartbeat expiry (injected clock)', () => {
  it('reports a timed-out record inactive, persists it on sweep, and publishes once', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now, cacheTtlMs: 0 });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 5, timeoutSeconds: 10 } }));
    await registry.register(registration('forever'));

    clock.set('2026-03-01T00:00:10.000Z');
    expect((await registry.listActive()).map((r) => r.capabilityId)).toEqual(['forever', 'w']);
    expect(await registry.sweep()).toMatchObject({ kind: 'swept', inactive: [] });

    clock.set('2026-03-01T00:00:15.000Z');
    // Reported inactive on read even before any sweep (docs/flex-registry.md#stay-alive-heartbeats-and-expiry).
    expect((await registry.listActive()).map((r) => r.capabilityId)).toEqual(['forever']);
    expect((await registry.getCapabilityById('w'))!.status).toBe('inactive');

    const swept = await registry.sweep();
    expect(swept.kind === 'swept' && swept.inactive.map((s) => s.record.capabilityId)).toEqual(['w']);
    expect(await db.sql`select capability_id, status from flex_capabilities order by 1`).toEqual([
      { capability_id: 'forever', status: 'active' },
      { capability_id: 'w', status: 'inactive' },
    ]);
    await registry.sweep();
    expect(describeEvents(await readStatusEvents(db.sql, 'w'))).toEqual(['none→active:registered', 'active→inactive:heartbeat_timeout']);
    const snapshot = await registry.getSnapshot();
    expect(snapshot.all.map((r) => `${r.capabilityId}:${r.status}`)).toEqual(['forever:active', 'w:inactive']);
    expect(snapshot.active.map((r) => r.capabilityId)).toEqual(['forever']);
  });

  it('uses 3 × intervalSeconds without timeoutSeconds', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now, cacheTtlMs: 0 });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 2 } }));
    clock.set('2026-03-01T00:00:06.000Z');
    expect(await registry.sweep()).toMatchObject({ inactive: [] });
    clock.set('2026-03-01T00:00:06.001Z');
    expect(await registry.sweep()).toMatchObject({ inactive: [expect.anything()] });
  });

  it('an inactive record stays inactive until it registers again, which reactivates and publishes', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now, cacheTtlMs: 0 });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 1 } }));
    clock.advance(4000);
    await registry.sweep();
    clock.advance(60_000);
    expect((await registry.getCapabilityById('w'))!.status).toBe('inactive');
    const again = await registry.register(registration('w', { heartbeat: { intervalSeconds: 1 } }));
    expect(again.kind).toBe('reactivated');
    expect(again.stored.record.status).toBe('active');
    expect(describeEvents(await readStatusEvents(db.sql))).toEqual([
      'none→active:registered',
      'active→inactive:heartbeat_timeout',
      'inactive→active:reactivated',
    ]);
  });
});

describe('heartbeat endpoint semantics', () => {
  it('refreshes lastSeenAt and moves the expiry, publishing nothing', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 1, timeoutSeconds: 10 } }));
    clock.advance(8000);
    expect((await registry.heartbeat('w')).kind).toBe('refreshed');
    clock.advance(8000);
    expect(await registry.sweep()).toMatchObject({ inactive: [] });
    expect((await registry.getCapabilityById('w'))!).toMatchObject({ status: 'active', lastSeenAt: '2026-03-01T00:00:08.000Z', registeredAt: '2026-03-01T00:00:00.000Z' });
    const [row] = await db.sql`select expires_at = last_seen_at + interval '10 seconds' as moved from flex_capabilities`;
    expect(row!.moved).toBe(true);
    expect(await readStatusEvents(db.sql)).toHaveLength(1);
  });

  it('reactivates an inactive record (publishing) and answers not_found for unknown ids', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now, cacheTtlMs: 0 });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 1 } }));
    clock.advance(5000);
    await registry.sweep();
    const outcome = await registry.heartbeat('w');
    expect(outcome.kind).toBe('reactivated');
    expect((await registry.getCapabilityById('w'))!.status).toBe('active');
    // Its timeout (3 s) still applies after coming back.
    clock.advance(3001);
    expect(await registry.sweep()).toMatchObject({ inactive: [expect.anything()] });
    expect((await registry.heartbeat('missing')).kind).toBe('not_found');
    expect(describeEvents(await readStatusEvents(db.sql))).toEqual([
      'none→active:registered',
      'active→inactive:heartbeat_timeout',
      'inactive→active:reactivated',
      'active→inactive:heartbeat_timeout',
    ]);
  });
});

describe('deregistration (FLEX_DEREGISTER_AFTER_SECONDS)', () => {
  it('removes records inactive for longer than the setting, publishing removal', async () => {
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const registry = createTestRegistry(db.sql, { clock: clock.now, cacheTtlMs: 0, deregisterAfterSeconds: 30 });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 1 } }));
    clock.advance(3001);
    await registry.sweep();
    clock.advance(30_000);
    expect(await registry.sweep()).toMatchObject({ removed: [] });
    clock.advance(1);
    expect(await registry.sweep()).toMatchObject({ removed: ['w'] });
    expect(await registry.getCapabilityById('w')).toBeUndefined();
    expect(await db.sql`select 1 from flex_capabilities`).toHaveLength(0);
    expect(describeEvents(await readStatusEvents(db.sql)).at(-1)).toBe('inactive→removed:deregistered');
    expect((await registry.heartbeat('w')).kind).toBe('not_found');
  });

  it('is off by default', async () => {
    const clock = manualClock();
    const registry = createTestRegistry(db.sql, { clock: clock.now });
    await registry.register(registration('w', { heartbeat: { intervalSeconds: 1 } }));
    clock.advance(10_000);
    await registry.sweep();
    clock.advance(365 * 86_400_000);
    expect(await registry.sweep()).toMatchObject({ removed: [] });
    expect(await db.sql`select status from flex_capabilities`).toEqual([{ status: 'inactive' }]);
  });
});

describe('planner lookups', () => {
  it('findActive applies every criterion to active records only', async () => {
    const clock = manualClock();
    const registry = createTestRegistry(db.sql, { clock: clock.now });
    await registry.register(registration('writer.en', { inputTraits: { languages: ['en'] }, cost: { tier: 'standard' } }));
    await registry.register(registration('writer.fr', { inputTraits: { languages: ['fr'] }, cost: { tier: 'standard' } }));
    await registry.register(registration('stale.en', { inputTraits: { languages: ['EN'] }, heartbeat: { intervalSeconds: 1 } }));
    clock.advance(5000);
    expect((await registry.findActive({ language: 'en' })).map((r) => r.capabilityId)).toEqual(['writer.en']);
    expect((await registry.findActive({ costTier: 'standard' })).map((r) => r.capabilityId)).toEqual(['writer.en', 'writer.fr']);
  });
});
