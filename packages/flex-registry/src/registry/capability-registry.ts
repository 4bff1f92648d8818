import type { Sql } from '@cafe/db';
import type { CapabilityFilter, CapabilityRecord, CapabilityRegistration, Logger } from '@cafe/shared';
import { filterCapabilities } from '../domain/capability-filter';
import { isPossibleCapabilityId } from '../domain/capability-id';
import { toStoredCapability } from '../repository/capability-row';
import { selectAllCapabilities } from '../repository/select-all-capabilities';
import { CapabilityCache } from './capability-cache';
import { heartbeatCapability, type HeartbeatOutcome } from './heartbeat-capability';
import { registerCapability, type RegisterOutcome } from './register-capability';
import { sweepCapabilities, type SweepOutcome } from './sweep-capabilities';

export interface CapabilityRegistryOptions {
  sql: Sql;
  logger: Logger;
  /** Snapshot lifetime (FLEX_CAPABILITY_CACHE_TTL_MS); 0 reloads on every read. */
  cacheTtlMs: number;
  /** Epoch milliseconds; injected by tests to move time. */
  clock?: () => number;
  /** Tenant stamped on published events. */
  tenantId?: string;
  /** Remove records inactive for this long (FLEX_DEREGISTER_AFTER_SECONDS); 0 = never. */
  deregisterAfterSeconds?: number;
  /** Records per sweep transaction (tests shrink it). */
  sweepBatchSize?: number;
}

export interface RegistrySnapshot {
  active: CapabilityRecord[];
  all: CapabilityRecord[];
}

/** The registry service of docs/flex-registry.md#find-capabilities, plus the heartbeat and sweep operations. */
export interface CapabilityRegistry {
  /** docs/flex-registry.md#register-a-capability steps 2–4: upsert a validated registration, publish a status change, update the cache. */
  register(registration: CapabilityRegistration): Promise<RegisterOutcome>;
  /** Refreshes `lastSeenAt` (reactivating an inactive record); not_found for unknown ids. */
  heartbeat(capabilityId: string): Promise<HeartbeatOutcome>;
  /** Active records, by id, from the (possibly cached) snapshot. */
  listActive(): Promise<CapabilityRecord[]>;
  /** Any record, active or inactive, from the snapshot. */
  getCapabilityById(capabilityId: string): Promise<CapabilityRecord | undefined>;
  /** Both views from the same load. */
  getSnapshot(): Promise<RegistrySnapshot>;
  /** Active records matching every criterion, in `listActive()` order. */
  findActive(filter: CapabilityFilter): Promise<CapabilityRecord[]>;
  /**
   * Active records per the cached snapshot without waiting for a reload (a stale snapshot is
   * refreshed in the background). Cheap enough for every registration response.
   */
  countActive(): Promise<number>;
  /** Drops the cache; the next read reloads. */
  invalidate(): void;
  /** One sweep pass: expire timed-out records, remove long-inactive ones (see sweepCapabilities). */
  sweep(): Promise<SweepOutcome>;
}

/** Creates a registry over the `flex_capabilities` table. One per process is the norm. */
export function createCapabilityRegistry(options: CapabilityRegistryOptions): CapabilityRegistry {
  const { sql, logger } = options;
  const clock = options.clock ?? Date.now;
  const tenantId = options.tenantId ?? 'default';
  const deregisterAfterSeconds = options.deregisterAfterSeconds ?? 0;
  const cache = new CapabilityCache(
    async () => (await selectAllCapabilities(sql)).map(toStoredCapability),
    options.cacheTtlMs,
    clock,
  );

  const registry: CapabilityRegistry = {
    async register(registration) {
      const outcome = await registerCapability(sql, registration, { clock, tenantId });
      cache.put(outcome.stored);
      const { record } = outcome.stored;
      logger.info('flex_capability_registered', { capabilityId: record.capabilityId, status: record.status, version: record.version });
      return outcome;
    },

    async heartbeat(capabilityId) {
      if (!isPossibleCapabilityId(capabilityId)) return { kind: 'not_found' };
      const outcome = await heartbeatCapability(sql, capabilityId, { clock, tenantId });
      if (outcome.kind === 'refreshed') {
        const { touched } = outcome;
        cache.touch(capabilityId, touched.lastSeenAtMs, touched.expiresAtMs, touched.updatedAtMs);
      } else if (outcome.kind === 'reactivated') {
        cache.put(outcome.stored);
        logger.info('flex_capability_reactivated', { capabilityId, version: outcome.stored.record.version });
      }
      return outcome;
    },

    async listActive() {
      return (await cache.views()).active;
    },

    async getCapabilityById(capabilityId) {
      return cache.get(capabilityId);
    },

    async getSnapshot() {
      const { active, all } = await cache.views();
      return { active, all };
    },

    async findActive(filter) {
      return filterCapabilities((await cache.views()).active, filter);
    },

    async countActive() {
      const count = cache.storedActiveCount();
      if (count === null) return (await cache.views()).active.length;
      if (!cache.isFresh()) {
        cache.refreshInBackground((error) => logger.warn('flex_capability_cache_refresh_failed', { error: error.message }));
      }
      return count;
    },

    invalidate() {
      cache.invalidate();
    },

    async sweep() {
      const outcome = await sweepCapabilities(sql, { clock, tenantId, deregisterAfterSeconds, batchSize: options.sweepBatchSize });
      if (outcome.kind === 'skipped') return outcome;
      for (const stored of outcome.inactive) cache.put(stored);
      const nowMs = clock();
      for (const capabilityId of outcome.removed) cache.remove(capabilityId, nowMs);
      if (outcome.inactive.length > 0) {
        const capabilityIds = outcome.inactive.map((stored) => stored.record.capabilityId);
        logger.info('flex_capability_marked_inactive', { capabilityIds, reason: 'heartbeat_timeout' });
      }
      if (outcome.removed.length > 0) {
        logger.info('flex_capability_deregistered', { capabilityIds: outcome.removed, afterSeconds: deregisterAfterSeconds });
      }
      return outcome;
    },
  };
  return registry;
}
