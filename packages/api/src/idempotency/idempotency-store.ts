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

/** A response to store under its key. */
export interface IdempotencyEntry {
  ref: IdempotencyKeyRef;
  record: IdempotencyRecord;
  now: Date;
  ttlMs: number;
}

/** Stores the first response; an expired record under the same key is replaced. */
export function saveIdempotencyRecord(tx: Sql, ref: IdempotencyKeyRef, record: IdempotencyRecord, now: Date, ttlMs: number): Promise<void> {
  return saveIdempotencyRecords(tx, [{ ref, record, now, ttlMs }]);
}

/**
 * Stores several responses in one statement (a commit group's wave). Their keys must differ:
 * a group never runs two requests with one key side by side.
 */
export async function saveIdempotencyRecords(tx: Sql, entries: readonly IdempotencyEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const rows = entries.map(({ ref, record, now, ttlMs }) => ({
    tenant_id: ref.tenantId,
    scope: ref.scope,
    idempotency_key: ref.idempotencyKey,
    request_hash: record.requestHash,
    status_code: record.statusCode,
    response_body: record.responseBody,
    correlation_id: record.correlationId,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttlMs).toISOString(),
  }));
  await tx`
    insert into idempotency_keys (tenant_id, scope, idempotency_key, request_hash, status_code, response_body, correlation_id, created_at, expires_at)
    select tenant_id, scope, idempotency_key, request_hash, status_code, response_body, correlation_id, created_at, expires_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
        as r(tenant_id text, scope text, idempotency_key text, request_hash text, status_code int, response_body text, correlation_id text,
             created_at timestamptz, expires_at timestamptz)
    on conflict (tenant_id, scope, idempotency_key) do update
       set request_hash = excluded.request_hash, status_code = excluded.status_code, response_body = excluded.response_body,
           correlation_id = excluded.correlation_id, created_at = excluded.created_at, expires_at = excluded.expires_at`;
}
