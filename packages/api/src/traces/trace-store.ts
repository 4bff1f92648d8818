import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';

export interface TraceStep {
  ts: string;
  code: string;
  details: Record<string, unknown>;
}

export interface Trace {
  traceId: string;
  correlationId: string;
  requestId: string;
  route: string;
  method: string;
  actorId: string | null;
  tenantId: string | null;
  roomId: string | null;
  status: 'in_progress' | 'success' | 'error';
  startedAt: string;
  endedAt: string | null;
  steps: TraceStep[];
}

const MAX_STEPS = 80;

/** Starts an in-memory trace for one mutating request (docs/api.md#resources Trace). */
export function openTrace(input: Pick<Trace, 'correlationId' | 'requestId' | 'route' | 'method' | 'actorId' | 'tenantId' | 'roomId'>, now: Date): Trace {
  return { ...input, traceId: randomUUID(), status: 'in_progress', startedAt: now.toISOString(), endedAt: null, steps: [] };
}

/** Appends a step, keeping at most the newest 80. */
export function addTraceStep(trace: Trace, code: string, details: Record<string, unknown> = {}, now = new Date()): void {
  trace.steps.push({ ts: now.toISOString(), code, details });
  if (trace.steps.length > MAX_STEPS) trace.steps.splice(0, trace.steps.length - MAX_STEPS);
}

/** Closes a trace as success or error. */
export function closeTrace(trace: Trace, status: 'success' | 'error', now = new Date()): Trace {
  trace.status = status;
  trace.endedAt = now.toISOString();
  return trace;
}

/** Writes a trace; a re-used correlation id overwrites the earlier trace (docs/http.md#request-and-correlation-ids). */
export function saveTrace(sql: Sql, trace: Trace): Promise<void> {
  return saveTraces(sql, [trace]);
}

/** Writes several traces in one statement (a commit group's wave); of two with one correlation id the later wins. */
export async function saveTraces(sql: Sql, traces: readonly Trace[]): Promise<void> {
  const latest = [...new Map(traces.map((trace) => [trace.correlationId, trace])).values()];
  if (latest.length === 0) return;
  const rows = latest.map((trace) => ({
    correlation_id: trace.correlationId,
    trace_id: trace.traceId,
    request_id: trace.requestId,
    route: trace.route,
    method: trace.method,
    actor_id: trace.actorId,
    tenant_id: trace.tenantId,
    room_id: trace.roomId,
    status: trace.status,
    started_at: trace.startedAt,
    ended_at: trace.endedAt,
    steps: trace.steps,
  }));
  await sql`
    insert into traces (correlation_id, trace_id, request_id, route, method, actor_id, tenant_id, room_id, status, started_at, ended_at, steps)
    select correlation_id, trace_id, request_id, route, method, actor_id, tenant_id, room_id, status, started_at, ended_at, steps
      from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
        as t(correlation_id text, trace_id uuid, request_id text, route text, method text, actor_id text, tenant_id text, room_id text,
             status text, started_at timestamptz, ended_at timestamptz, steps jsonb)
    on conflict (correlation_id) do update
       set trace_id = excluded.trace_id, request_id = excluded.request_id, route = excluded.route, method = excluded.method,
           actor_id = excluded.actor_id, tenant_id = excluded.tenant_id, room_id = excluded.room_id, status = excluded.status,
           started_at = excluded.started_at, ended_at = excluded.ended_at, steps = excluded.steps`;
}

/** Reads a trace by correlation id, or null. */
export async function findTrace(sql: Sql, correlationId: string): Promise<Trace | null> {
  const [row] = await sql<Record<string, unknown>[]>`
    select trace_id, correlation_id, request_id, route, method, actor_id, tenant_id, room_id, status, started_at, ended_at, steps
      from traces where correlation_id = ${correlationId}`;
  if (!row) return null;
  const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value === null ? null : String(value));
  return {
    traceId: String(row.trace_id),
    correlationId: String(row.correlation_id),
    requestId: String(row.request_id),
    route: String(row.route),
    method: String(row.method),
    actorId: (row.actor_id as string | null) ?? null,
    tenantId: (row.tenant_id as string | null) ?? null,
    roomId: (row.room_id as string | null) ?? null,
    status: row.status as Trace['status'],
    startedAt: iso(row.started_at) as string,
    endedAt: iso(row.ended_at),
    steps: row.steps as TraceStep[],
  };
}
