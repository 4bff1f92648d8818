import { buildRegistryViews, presentCapability, type RegistryViews } from '../domain/registry-views';
import type { CapabilityRecord } from '@cafe/shared';
import type { StoredCapability } from '../domain/stored-capability';

/** Ids sort by UTF-16 code units: stable, locale-free (docs/flex-registry.md#find-capabilities: by capabilityId ascending). */
export const compareCapabilityIds = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type CacheWrite = { kind: 'put'; stored: StoredCapability } | { kind: 'remove'; capabilityId: string; atMs: number };

interface Loaded {
  byId: Map<string, StoredCapability>;
  /** Ids in view order; changes only when a record is added or removed. */
  sortedIds: string[];
  loadedAtMs: number;
  /** Records stored as active (before the expiry overlay), kept up to date in O(1). */
  storedActive: number;
}

function insertSorted(ids: string[], id: string): void {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCapabilityIds(ids[mid]!, id) < 0) low = mid + 1;
    else high = mid;
  }
  ids.splice(low, 0, id);
}

function removeSorted(ids: string[], id: string): void {
  let low = 0;
  let high = ids.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareCapabilityIds(ids[mid]!, id) < 0) low = mid + 1;
    else high = mid;
  }
  if (ids[low] === id) ids.splice(low, 1);
}

/**
 * The registry's in-memory snapshot (docs/flex-registry.md#find-capabilities). Reads reload the whole table once it is older
 * than the TTL (concurrent reads share one load); this instance's own writes are applied in
 * place, so a registration or heartbeat never reloads anything. Writes that land while a load
 * is running are replayed on its result; a newer `updatedAt` always wins, so a slow load cannot
 * roll a record back.
 */
export class CapabilityCache {
  private loaded: Loaded | null = null;
  private inflight: Promise<Loaded> | null = null;
  private pendingWrites: CacheWrite[] = [];
  private version = 0;
  private memo: { version: number; views: RegistryViews; builtAtMs: number } | null = null;

  constructor(
    private readonly load: () => Promise<StoredCapability[]>,
    private readonly ttlMs: number,
    private readonly clock: () => number,
  ) {}

  /** The views at the current time, reloading first when the snapshot is missing or stale. */
  async views(): Promise<RegistryViews> {
    const loaded = await this.fresh();
    const nowMs = this.clock();
    const memo = this.memo;
    // Reuse the last views while nothing was written and no active record has expired since.
    if (memo && memo.version === this.version && nowMs >= memo.builtAtMs && (memo.views.validUntilMs === null || nowMs <= memo.views.validUntilMs)) {
      return memo.views;
    }
    const views = buildRegistryViews(loaded.sortedIds.map((id) => loaded.byId.get(id)!), nowMs);
    this.memo = { version: this.version, views, builtAtMs: nowMs };
    return views;
  }

  /** One record (any status) as reads report it now, reloading first when stale. */
  async get(capabilityId: string): Promise<CapabilityRecord | undefined> {
    const stored = (await this.fresh()).byId.get(capabilityId);
    return stored ? presentCapability(stored, this.clock()) : undefined;
  }

  /** Records stored as active in the current snapshot, without reloading; null before the first load. */
  storedActiveCount(): number | null {
    return this.loaded ? this.loaded.storedActive : null;
  }

  /** True when the snapshot exists and is younger than the TTL. */
  isFresh(): boolean {
    return this.loaded !== null && this.clock() - this.loaded.loadedAtMs < this.ttlMs;
  }

  /** Starts a reload unless one is running; its failure is reported to `onError`, not thrown. */
  refreshInBackground(onError: (error: Error) => void): void {
    this.startLoad().catch(onError);
  }

  /** Applies a record this instance just wrote (registration, reactivation, sweep). */
  put(stored: StoredCapability): void {
    this.write({ kind: 'put', stored });
  }

  /** Applies a heartbeat's new instants to the cached record, if it is cached. */
  touch(capabilityId: string, lastSeenAtMs: number, expiresAtMs: number | null, updatedAtMs: number): void {
    const current = this.loaded?.byId.get(capabilityId);
    if (!current || current.updatedAtMs > updatedAtMs) return;
    this.put({
      record: { ...current.record, lastSeenAt: new Date(lastSeenAtMs).toISOString() },
      expiresAtMs,
      updatedAtMs,
    });
  }

  /** Drops a record this instance just removed. */
  remove(capabilityId: string, atMs: number): void {
    this.write({ kind: 'remove', capabilityId, atMs });
  }

  /** docs/flex-registry.md#find-capabilities `invalidate()`: the next read reloads. */
  invalidate(): void {
    if (this.loaded) this.loaded.loadedAtMs = Number.NEGATIVE_INFINITY;
  }

  private write(change: CacheWrite): void {
    if (this.inflight) this.pendingWrites.push(change);
    if (this.loaded && applyWrite(this.loaded, change)) this.version += 1;
  }

  private async fresh(): Promise<Loaded> {
    if (this.loaded && this.isFresh()) return this.loaded;
    return this.startLoad();
  }

  private startLoad(): Promise<Loaded> {
    if (this.inflight) return this.inflight;
    this.pendingWrites = [];
    const startedAtMs = this.clock();
    const loading = this.load()
      .then((records) => {
        const next = fromRecords(records, startedAtMs);
        for (const change of this.pendingWrites) applyWrite(next, change);
        this.loaded = next;
        this.version += 1;
        return next;
      })
      .finally(() => {
        this.inflight = null;
        this.pendingWrites = [];
      });
    this.inflight = loading;
    return loading;
  }
}

function fromRecords(records: StoredCapability[], loadedAtMs: number): Loaded {
  const byId = new Map(records.map((stored) => [stored.record.capabilityId, stored] as const));
  const sortedIds = [...byId.keys()].sort(compareCapabilityIds);
  let storedActive = 0;
  for (const stored of byId.values()) if (stored.record.status === 'active') storedActive += 1;
  return { byId, sortedIds, loadedAtMs, storedActive };
}

/** Applies one write if it is not older than what is held; true when something changed. */
function applyWrite(target: Loaded, change: CacheWrite): boolean {
  if (change.kind === 'put') {
    const { stored } = change;
    const id = stored.record.capabilityId;
    const current = target.byId.get(id);
    if (current && current.updatedAtMs > stored.updatedAtMs) return false;
    if (!current) insertSorted(target.sortedIds, id);
    target.storedActive += (stored.record.status === 'active' ? 1 : 0) - (current?.record.status === 'active' ? 1 : 0);
    target.byId.set(id, stored);
    return true;
  }
  const current = target.byId.get(change.capabilityId);
  if (!current || current.updatedAtMs > change.atMs) return false;
  target.byId.delete(change.capabilityId);
  removeSorted(target.sortedIds, change.capabilityId);
  if (current.record.status === 'active') target.storedActive -= 1;
  return true;
}
