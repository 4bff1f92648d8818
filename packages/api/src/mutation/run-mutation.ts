import { randomUUID } from 'node:crypto';
import type { Sql } from '@cafe/db';
import { CafeError, normalizeError, type Logger } from '@cafe/shared';
import { decideReplay } from '../idempotency/decide-replay';
import { hashRequest } from '../idempotency/hash-request';
import { locks } from '../pipeline/keys';
import type { Appender, CommitGroup, MemberTransaction } from './commit-group';
import { findIdempotencyRecord, saveIdempotencyRecords, type IdempotencyEntry, type IdempotencyKeyRef } from '../idempotency/idempotency-store';
import { addTraceStep, closeTrace, openTrace, saveTrace, saveTraces, type Trace } from '../traces/trace-store';

export interface MutationRequest {
  route: string;
  method: string;
  requestId: string;
  tenantId: string;
  roomId?: string;
  actorId?: string;
  scope: string;
  body: Record<string, unknown>;
  idempotencyKey: string | undefined;
  correlationId?: string;
  /** Extra serialisation keys (e.g. one per actor) held with the idempotency key until commit. */
  lockKeys?: string[];
  /** Keys held shared until commit (the room-override state a checked request reads). */
  sharedLockKeys?: string[];
}

export interface MutationContext {
  tx: Sql;
  now: Date;
  correlationId: string;
  trace: Trace;
  /** Appends events, and the inbox items they create, in this transaction (under the event-append lock). */
  append: Appender;
  /** Registers work to run after a successful commit (best effort side effects, e.g. Redis counters). */
  onCommit(task: () => Promise<unknown> | unknown): void;
  /**
   * Must be called before the first statement that writes: a request that fails before it
   * has changed nothing, so the commit group can answer its error without undoing anything.
   */
  beginWrites(): void;
}

/** What a step before the transaction may use. */
export interface MutationPrepareContext {
  now: Date;
  correlationId: string;
  trace: Trace;
}

export interface MutationOutcome {
  status: number;
  data: Record<string, unknown>;
}

export type MutationResult =
  | { kind: 'executed'; status: number; body: string; correlationId: string }
  | { kind: 'replayed'; status: number; body: string; correlationId: string | null };

export interface MutationDeps {
  /** Outside any transaction: failed traces are recorded on their own. */
  sql: Sql;
  /** Where the mutation's transaction runs (shared with concurrent mutations). */
  group: CommitGroup;
  idempotencyTtlMs: number;
  logger: Logger;
}

/** A non-blank `Idempotency-Key` or ERR_IDEMPOTENCY_KEY_REQUIRED (docs/idempotency.md). */
export function requireIdempotencyKey(key: string | undefined): string {
  const trimmed = key?.trim();
  if (!trimmed) throw new CafeError('ERR_IDEMPOTENCY_KEY_REQUIRED');
  return trimmed;
}

/**
 * Runs one mutating request inside a group transaction (commit-group.ts), under its own
 * savepoint: serialise on the idempotency key (and any extra keys), replay or conflict on a
 * stored record, else execute (events first, then state), store the response and the trace.
 * The caller answers only after the group commits, so a 2xx always means committed
 * (docs/architecture.md#the-write-path), and a failure undoes this request's writes alone. An
 * optional `prepare` runs first, outside any transaction, unless the key already has a stored
 * answer.
 */
export async function runMutation(
  deps: MutationDeps,
  request: MutationRequest,
  execute: (ctx: MutationContext) => Promise<MutationOutcome>,
  prepare?: (ctx: MutationPrepareContext) => Promise<void>,
): Promise<MutationResult> {
  const idempotencyKey = requireIdempotencyKey(request.idempotencyKey);
  const correlationId = request.correlationId ?? randomUUID();
  const now = new Date();
  const trace = openTrace(
    {
      correlationId,
      requestId: request.requestId,
      route: request.route,
      method: request.method,
      actorId: request.actorId ?? null,
      tenantId: request.tenantId,
      roomId: request.roomId ?? null,
    },
    now,
  );
  addTraceStep(trace, 'RC_REQUEST_RECEIVED', { route: request.route }, now);
  addTraceStep(trace, 'RC_RATE_LIMIT_OK', {}, now);
  const ref: IdempotencyKeyRef = { tenantId: request.tenantId, scope: request.scope, idempotencyKey };
  const requestHash = hashRequest(request.scope, request.method, request.body);
  const commitTasks: (() => Promise<unknown> | unknown)[] = [];
  const lockKeys = [locks.idempotency(ref.tenantId, ref.scope, idempotencyKey), ...(request.lockKeys ?? [])];

  const stepsBefore = trace.steps.length;

  // Replays or conflicts on a stored record, else executes and stores the answer and trace.
  // A group that is rolled back and run again one by one calls this twice: each call starts
  // from the same trace and no after-commit work.
  const replayOrExecute = async ({ tx, append, together, writing }: MemberTransaction): Promise<MutationResult> => {
    trace.steps.length = stepsBefore;
    commitTasks.length = 0;
    // Every key is held before this runs (the group takes them first), so it reads under them.
    const existing = await findIdempotencyRecord(tx, ref, now);
    if (existing) return decideReplay(existing, requestHash, ref);
    addTraceStep(trace, 'RC_IDEMPOTENCY_NEW', { scope: ref.scope });
    const outcome = await execute({
      tx,
      now,
      correlationId,
      trace,
      append,
      onCommit: (task) => commitTasks.push(task),
      beginWrites: writing,
    });
    const body = JSON.stringify({ ok: true, data: outcome.data });
    addTraceStep(trace, 'RC_EVENT_APPEND_OK', { replay: false });
    writing();
    // Two independent inserts, pipelined in one round trip; requests running side by side in a
    // commit group share them (one multi-row statement each).
    const entry: IdempotencyEntry = { ref, record: { requestHash, statusCode: outcome.status, responseBody: body, correlationId }, now, ttlMs: deps.idempotencyTtlMs };
    await Promise.all([
      together('idempotency-records', entry, (batchTx, entries: IdempotencyEntry[]) => saveIdempotencyRecords(batchTx, entries).then(() => entries.map(() => undefined))),
      together('traces', closeTrace(trace, 'success'), (batchTx, traces: Trace[]) => saveTraces(batchTx, traces).then(() => traces.map(() => undefined))),
    ]);
    return { kind: 'executed' as const, status: outcome.status, body, correlationId };
  };

  try {
    // Slow outside work (a payment provider) runs before the request joins a group, so it holds
    // no connection or lock while it waits; a key that already has an answer skips it and
    // replays. The lookup is repeated under the group's locks, which stays the authoritative one.
    if (prepare && !(await findIdempotencyRecord(deps.sql, ref, now))) await prepare({ now, correlationId, trace });
    const result = await deps.group.run({ locks: lockKeys, sharedLocks: request.sharedLockKeys, work: replayOrExecute, marksWrites: true });
    if (result.kind === 'executed') runCommitTasks(commitTasks, deps.logger);
    return result;
  } catch (error) {
    const cafeError = normalizeError(error);
    if (cafeError.code !== 'ERR_IDEMPOTENCY_KEY_CONFLICT') {
      addTraceStep(trace, 'RC_VALIDATION_ERROR', { message: cafeError.message, code: cafeError.code });
      if (cafeError.code === 'ERR_INTERNAL') {
        addTraceStep(trace, 'RC_INTERNAL_ERROR', { message: cafeError.message });
        deps.logger.error('mutation failed', { route: request.route, correlationId, error: (error as Error).message, stack: (error as Error).stack });
      }
      // The transaction rolled back; the failed trace is recorded on its own, best effort.
      await saveTrace(deps.sql, closeTrace(trace, 'error')).catch((traceError: Error) =>
        deps.logger.warn('trace write failed', { correlationId, error: traceError.message }),
      );
      if (cafeError.details.correlationId === undefined) {
        throw new CafeError(cafeError.code, cafeError.message, { ...cafeError.details, correlationId }, cafeError.status);
      }
    }
    throw cafeError;
  }
}

function runCommitTasks(tasks: (() => Promise<unknown> | unknown)[], logger: Logger): void {
  for (const task of tasks) {
    Promise.resolve()
      .then(task)
      .catch((error: Error) => logger.warn('after-commit task failed', { error: error.message }));
  }
}
