import { createLogger, type CapabilityRegistration, type CapabilityStatusChangedPayload } from '@cafe/shared';
import type { Sql } from '@cafe/db';
import { createCapabilityRegistry, type CapabilityRegistryOptions } from '../src/registry/capability-registry';

/** Test helpers shared by the integration files (not a test file itself). */

export const quietLogger = createLogger({ service: 'flex-test', level: 'error' });

/** A clock tests move by hand. */
export function manualClock(startIso = '2026-03-01T12:00:00.000Z') {
  let now = Date.parse(startIso);
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(iso: string) {
      now = Date.parse(iso);
    },
  };
}

export function registration(capabilityId: string, overrides: Partial<CapabilityRegistration> = {}): CapabilityRegistration {
  return { capabilityId, version: '1.0.0', displayName: `Capability ${capabilityId}`, summary: 'Does things.', ...overrides };
}

export function createTestRegistry(sql: Sql, options: Partial<CapabilityRegistryOptions> = {}) {
  return createCapabilityRegistry({ sql, logger: quietLogger, cacheTtlMs: 5000, ...options });
}

export interface StatusEventRow {
  sequence: number;
  tenant_id: string;
  room_id: string;
  actor_id: string;
  type: string;
  correlation_id: string;
  causation_id: string | null;
  payload: CapabilityStatusChangedPayload;
}

/** The published status changes, in log order. */
export async function readStatusEvents(sql: Sql, capabilityId?: string): Promise<StatusEventRow[]> {
  return sql<StatusEventRow[]>`
    select sequence, tenant_id, room_id, actor_id, type, correlation_id, causation_id, payload from events
     where type = 'capability_status_changed'
       ${capabilityId ? sql`and payload->>'capabilityId' = ${capabilityId}` : sql``}
     order by sequence`;
}

/** "from→to:reason" per event, for compact assertions. */
export function describeEvents(rows: StatusEventRow[]): string[] {
  return rows.map((row) => `${row.payload.fromStatus ?? 'none'}→${row.payload.toStatus}:${row.payload.reason}`);
}
