import type { Sql } from '@cafe/db';
import { CafeError } from '@cafe/shared';
import { findTrace, type Trace } from './trace-store';

/** `GET /v1/traces/{correlationId}` (docs/api.md#traces): the trace or 404 `Trace not found`. */
export async function requireTrace(sql: Sql, correlationId: string): Promise<{ trace: Trace }> {
  const trace = correlationId === '' ? null : await findTrace(sql, correlationId);
  if (!trace) throw new CafeError('ERR_NOT_FOUND', 'Trace not found', { correlationId });
  return { trace };
}
