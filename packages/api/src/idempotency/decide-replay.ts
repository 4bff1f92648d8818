import { CafeError } from '@cafe/shared';
import type { IdempotencyRecord } from './idempotency-store';

export interface StoredReplay {
  kind: 'replayed';
  status: number;
  body: string;
  correlationId: string | null;
}

/**
 * What a live stored record means for a request under its key: the same request gets the
 * stored bytes back, a different one is ERR_IDEMPOTENCY_KEY_CONFLICT (docs/idempotency.md#what-a-key-covers). Both the
 * lock-free pre-read and the locked read inside the mutation decide with this one rule.
 */
export function decideReplay(existing: IdempotencyRecord, requestHash: string, key: { scope: string; idempotencyKey: string }): StoredReplay {
  if (existing.requestHash !== requestHash) {
    throw new CafeError('ERR_IDEMPOTENCY_KEY_CONFLICT', undefined, {
      scope: key.scope,
      idempotencyKey: key.idempotencyKey,
      correlationId: existing.correlationId,
    });
  }
  return { kind: 'replayed', status: existing.statusCode, body: existing.responseBody, correlationId: existing.correlationId };
}
