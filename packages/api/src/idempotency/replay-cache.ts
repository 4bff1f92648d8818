import { decideReplay, type StoredReplay } from './decide-replay';
import { hashRequest } from './hash-request';
import type { IdempotencyRecord } from './idempotency-store';

/** Answers remembered per process (oldest forgotten first). */
export const DEFAULT_REPLAY_CACHE_ENTRIES = 10_000;
/** Larger answers are not kept in memory; their replays read the store as before. */
export const MAX_CACHED_REPLAY_BYTES = 16 * 1024;

export interface ReplayRequest {
  tenantId: string;
  scope: string;
  method: string;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
}

export interface ReplayCache {
  /**
   * The remembered answer for the request's key: the stored bytes for the same request,
   * ERR_IDEMPOTENCY_KEY_CONFLICT (thrown) for a different one, null when nothing is remembered
   * (the locked path then reads the store). Synchronous: a miss costs no round trip.
   */
  replay(request: ReplayRequest): StoredReplay | null;
  /** Keeps a committed answer until `expiresAt` (epoch ms, never later than its stored record's). */
  remember(request: ReplayRequest, answer: { status: number; body: string; correlationId: string }, expiresAt: number): void;
  readonly size: number;
}

interface CachedRecord {
  record: IdempotencyRecord;
  expiresAt: number;
}

/**
 * The replay fast path: the answers this process committed, kept in memory until their
 * record expires. A stored record never changes while it is live (it is replaced only after
 * expiry, and the retention sweep deletes it only a margin after expiry), and an answer is
 * remembered only after its transaction committed, so a hit is byte-equal to what the locked read in the store would
 * return, without a transaction, a lock or a query. A miss changes nothing: the request takes
 * the locked path, which still serialises concurrent duplicates on the key (one effect).
 */
export function createReplayCache(maxEntries = DEFAULT_REPLAY_CACHE_ENTRIES): ReplayCache {
  const entries = new Map<string, CachedRecord>();
  const keyOf = (request: ReplayRequest, idempotencyKey: string) => `${request.tenantId}\u0000${request.scope}\u0000${idempotencyKey}`;

  return {
    replay(request) {
      const idempotencyKey = request.idempotencyKey?.trim();
      if (!idempotencyKey) return null;
      const key = keyOf(request, idempotencyKey);
      const cached = entries.get(key);
      if (!cached) return null;
      if (cached.expiresAt <= Date.now()) {
        entries.delete(key);
        return null;
      }
      return decideReplay(cached.record, hashRequest(request.scope, request.method, request.body), { scope: request.scope, idempotencyKey });
    },
    remember(request, answer, expiresAt) {
      const idempotencyKey = request.idempotencyKey?.trim();
      if (!idempotencyKey || answer.body.length > MAX_CACHED_REPLAY_BYTES || maxEntries <= 0) return;
      const key = keyOf(request, idempotencyKey);
      entries.delete(key);
      entries.set(key, {
        record: {
          requestHash: hashRequest(request.scope, request.method, request.body),
          statusCode: answer.status,
          responseBody: answer.body,
          correlationId: answer.correlationId,
        },
        expiresAt,
      });
      while (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
    },
    get size() {
      return entries.size;
    },
  };
}
