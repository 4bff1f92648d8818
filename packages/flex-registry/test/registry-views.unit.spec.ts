import { describe, expect, it } from 'vitest';
import type { CapabilityRecord } from '@cafe/shared';
import { buildRegistryViews, presentCapability } from '../src/domain/registry-views';
import type { StoredCapability } from '../src/domain/stored-capability';

const stored = (capabilityId: string, status: CapabilityRecord['status'], expiresAtMs: number | null): StoredCapability => ({
  record: { capabilityId, version: '1', displayName: capabilityId, summary: 's', status, lastSeenAt: '2026-01-01T00:00:00.000Z', registeredAt: '2026-01-01T00:00:00.000Z' },
  expiresAtMs,
  updatedAtMs: 0,
});

describe('registry views', () => {
  const rows = [stored('a', 'active', 1000), stored('b', 'active', null), stored('c', 'inactive', 5000), stored('d', 'active', 3000)];

  it('reports an expired active record as inactive, without touching the stored one', () => {
    expect(presentCapability(rows[0]!, 1001).status).toBe('inactive');
    expect(presentCapability(rows[0]!, 1000).status).toBe('active');
    expect(rows[0]!.record.status).toBe('active');
  });

  it('builds all/active in the given order and knows when they stop being true', () => {
    const early = buildRegistryViews(rows, 500);
    expect(early.all.map((r) => `${r.capabilityId}:${r.status}`)).toEqual(['a:active', 'b:active', 'c:inactive', 'd:active']);
    expect(early.active.map((r) => r.capabilityId)).toEqual(['a', 'b', 'd']);
    expect(early.validUntilMs).toBe(1000);

    const later = buildRegistryViews(rows, 2000);
    expect(later.active.map((r) => r.capabilityId)).toEqual(['b', 'd']);
    expect(later.all.find((r) => r.capabilityId === 'a')!.status).toBe('inactive');
    expect(later.validUntilMs).toBe(3000);

    expect(buildRegistryViews([rows[1]!, rows[2]!], 0).validUntilMs).toBeNull();
  });
});
