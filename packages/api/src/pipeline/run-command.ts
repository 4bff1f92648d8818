import type { Sql } from '@cafe/db';
import { CafeError, type ApiEnv, type Logger } from '@cafe/shared';
import { commitEvents } from '../events/commit-events';
import { assertEventPayloadsWithin } from '../events/event-payload-size';
import type { ReplayCache } from '../idempotency/replay-cache';
import type { UnreadCounters } from '../inbox/unread-counters';
import { assertModerationAllows } from '../moderation/assert-moderation';
import type { ModerationStore } from '../moderation/moderation-store';
import type { CommitGroup } from '../mutation/commit-group';
import { requireIdempotencyKey, runMutation, type MutationPrepareContext, type MutationResult } from '../mutation/run-mutation';
import { assertOverrideAllows, readOverrideState } from '../operator/assert-override';
import { assertOperatorRole } from '../operator/caller-role';
import { assertPermitted } from '../permissions/assert-permission';
import { assertGateAllows, gateLockKeys } from '../tables/assert-gate';
import { addTraceStep } from '../traces/trace-store';
import type { AnyCommand, CommandContext, CommandRequest } from './command';
import { locks, paymentIdempotencyKey } from './keys';

/** Runs `compute` now and keeps its outcome, thrown or returned, for the moment it is due. */
function settle<T>(compute: () => T): { ok: true; value: T } | { ok: false; error: unknown } {
  try {
    return { ok: true, value: compute() };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What the runner needs from the process: handed in once, never looked up by modules. */
export interface CommandDeps {
  sql: Sql;
  group: CommitGroup;
  env: ApiEnv;
  logger: Logger;
  unread: UnreadCounters;
  moderation: ModerationStore;
  /** Committed answers replayed from memory, without a transaction (replay-cache.ts). */
  replays?: ReplayCache;
}

/**
 * Runs one command module through the contract's step order. Everything before the
 * transaction is validation that must fail without a key; everything inside it runs under the
 * request's locks, so the checks read the same state the decision is made on, and the events,
 * state rows and idempotency record commit together or not at all.
 */
export async function runCommand(deps: CommandDeps, command: AnyCommand, request: CommandRequest, idempotencyKey: string | undefined): Promise<MutationResult> {
  const { env } = deps;
  if (command.operatorOnly) assertOperatorRole(request.callerRole, env.OPERATOR_AUTH_TOKEN, command.operatorOnly);
  const parsed = command.parse(request, env);
  const givenKey = idempotencyKey?.trim() || undefined;
  const pre = (command.precheck && (await command.precheck(deps.sql, parsed, { hasIdempotencyKey: Boolean(givenKey), idempotencyKey: givenKey }))) || parsed;
  const key = command.key(pre, request);
  const replayRequest = { tenantId: key.tenantId, scope: key.scope, method: command.method, body: request.body, idempotencyKey };
  const remembered = deps.replays?.replay(replayRequest);
  if (remembered) return remembered;
  // Taken before the mutation's own clock, so the remembered answer never outlives its record.
  const startedAt = Date.now();
  const overrideCheck = command.override?.(pre);
  const gateCheck = command.gate?.(pre);
  let prepared: { value: unknown } | undefined;
  const prepare = command.prepare
    ? async ({ correlationId, trace, now }: MutationPrepareContext) => {
        // Pre-flight of the checks the contract puts before the slow step, on the pool: a
        // request they refuse must not reach the provider. They run again under the locks.
        if (gateCheck) await assertGateAllows(deps.sql, env, gateCheck, now);
        if (overrideCheck) await assertOverrideAllows({ tx: deps.sql, trace, correlationId }, overrideCheck);
        const providerIdempotencyKey = paymentIdempotencyKey(key.tenantId, key.scope, requireIdempotencyKey(idempotencyKey));
        prepared = { value: await command.prepare!({ sql: deps.sql, env, requestId: request.requestId, providerIdempotencyKey }, pre) };
      }
    : undefined;
  const result = await runMutation(
    { sql: deps.sql, group: deps.group, idempotencyTtlMs: env.API_IDEMPOTENCY_TTL_MS, logger: deps.logger },
    {
      route: key.route ?? command.path,
      method: command.method,
      requestId: request.requestId,
      tenantId: key.tenantId,
      roomId: key.roomId,
      actorId: key.actorId,
      scope: key.scope,
      body: request.body,
      idempotencyKey,
      correlationId: key.correlationId,
      // An `enter` also holds its room's seat key, so the gate counts seats one enter at a time.
      lockKeys: gateCheck ? [...(key.locks ?? []), ...gateLockKeys(gateCheck)] : key.locks,
      // The override check reads the room's override state: held shared, so a pause or mute
      // (which holds it exclusively) waits for every request that already passed the check.
      sharedLockKeys: overrideCheck ? [locks.roomOverride(overrideCheck.tenantId, overrideCheck.roomId)] : undefined,
    },
    async (mutation) => {
      const ctx: CommandContext = { ...mutation, requestId: request.requestId, env, unread: deps.unread };
      const { tx, correlationId } = ctx;
      if (command.prepare && !prepared) {
        // The key had a stored answer before the transaction and lost it since (its TTL ran
        // out in between): nothing was prepared, so ask the client to send it again.
        throw new CafeError('ERR_CONFLICT', 'The request must be retried', { reason: 'idempotency record expired while the request was prepared' });
      }
      // The reads of the gate, the permission, the override and the module's `load` write
      // nothing, so they go out together (one round trip on the connection instead of four);
      // their verdicts are still taken in the contract's order, so the first refusal in that
      // order is the one reported, and a refused request only wasted reads. Moderation records
      // the attempt, so it waits for every verdict.
      const gated = gateCheck ? assertGateAllows(tx, env, gateCheck, ctx.now) : undefined;
      const permitted = command.permission ? assertPermitted(tx, command.permission(pre), correlationId) : undefined;
      const overrideRead = overrideCheck ? readOverrideState(tx, overrideCheck) : undefined;
      const validated = settle(() => (command.validate ? command.validate(pre, request, env) : pre));
      const inputGateCheck = validated.ok ? command.gateInput?.(validated.value) : undefined;
      const loaded = validated.ok && command.load && !inputGateCheck ? command.load(ctx, validated.value, prepared?.value) : undefined;
      const reads = [gated, permitted, overrideRead, loaded];
      for (const read of reads) read?.catch(() => {});
      try {
        await gated;
        await permitted;
        if (overrideCheck) await assertOverrideAllows(ctx, overrideCheck, overrideRead);
        if (!validated.ok) throw validated.error;
      } catch (refusal) {
        // No read of this request may still be running when its savepoint is rolled back: a
        // later statement of it would land in the next member's part of the transaction.
        await Promise.allSettled(reads);
        throw refusal;
      }
      const input = validated.value;
      if (inputGateCheck) await assertGateAllows(tx, env, inputGateCheck, ctx.now);
      // A module gated on its input loads only once that gate has let it through.
      const state = command.load ? await (loaded ?? command.load(ctx, input, prepared?.value)) : undefined;
      if (command.moderation) {
        const check = command.moderation(input);
        await assertModerationAllows(deps.moderation, ctx, { tenantId: key.tenantId, roomId: key.roomId ?? '', actorId: key.actorId ?? '', ...check });
      }
      const decision = command.decide(input, state, ctx);
      assertEventPayloadsWithin(decision.events, env.API_MAX_EVENT_PAYLOAD_BYTES);
      // Everything above only read; from here on a failure must undo what this request wrote.
      mutation.beginWrites();
      const appended = decision.events.length > 0 ? await commitEvents(ctx, decision.events, deps.unread) : [];
      if (appended.length > 0) addTraceStep(ctx.trace, 'RC_EVENT_APPEND_OK', { events: appended.length });
      const persisted = command.persist ? await command.persist(ctx, decision, appended) : undefined;
      return command.respond({ input, decision, appended, persisted, correlationId, now: ctx.now });
    },
    prepare,
  );
  if (result.kind === 'executed') deps.replays?.remember(replayRequest, result, startedAt + env.API_IDEMPOTENCY_TTL_MS);
  return result;
}
