import type { Sql } from '@cafe/db';

export interface IdempotencyRecord {
  requestHash: string;
  statusCode: number;
  responseBody: string;
  correlationId: string | null;
}

export interface IdempotencyKeyRef {
  tenantId: string;
  scope: string;
  idempotencyKey: string;
}

/** Reads a live (unexpired) record for the key, or null. */
export async function findIdempotencyRecord(tx: Sql, ref: IdempotencyKeyRef, now: Date): Promise<IdempotencyRecord | null> {
  const [row] = await tx<{ request_hash: string; status_code: number; response_body: string; correlation_id: string | null }[]>`
    select request_hash, status_code, response_body, correlation_id
      from idempotency_keys
     where tenant_id = ${ref.tenantId} and scope = ${ref.scope} and idempotency_key = ${ref.idempotencyKey}
       and expires_at > ${now}`;
  return row
    ? { requestHash: row.request_hash, statusCode: row.status_code, responseBody: row.response_body, correlationId: row.correlation_id }
    : null;
}

/** Stores the first response; an expired record under the same key is replaced. */
export async function saveIdempotencyRecord(
  tx: Sql,
  ref: IdempotencyKeyRef,
  record: IdempotencyRecord,
  now: Date,
  ttlMs: number,
): Promise<void> {
  const expiresAt = new Date(now.getTime() + ttlMs);
  await tx`
    insert into idempotency_keys (tenant_id, scope, idempotency_key, request_hash, status_code, response_body, correlation_id, created_at, expires_at)
    values (${ref.tenantId}, ${ref.scope}, ${ref.idempotencyKey}, ${record.requestHash}, ${record.statusCode}, ${record.responseBody}, ${record.correlationId}, ${now}, ${expiresAt})
    on conflict (tenant_id, scope, idempotency_key) do update
       set request_hash = excluded.request_hash, status_code = excluded.status_code, response_body = excluded.response_body,
           correlation_id = excluded.correlation_id, created_at = excluded.created_at, expires_at = excluded.expires_at`;
}
