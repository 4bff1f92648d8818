import { commitEvents } from '../events/commit-events';
import { getDefaults, getMutationDeps } from '../deps';
import { runMutation, type MutationResult } from '../mutation/run-mutation';
import type { ApiRuntime } from '../runtime';
import { addTraceStep } from '../traces/trace-store';
import { decideSnapshot, parseSnapshotCreate } from './decide-snapshot';
import type { SnapshotKind } from './snapshot';
import { findMaxSnapshotVersion, insertSnapshot } from './snapshot-store';

export interface SnapshotCreateRequest {
  kind: SnapshotKind;
  body: Record<string, unknown>;
  requestId: string;
  idempotencyKey: string | undefined;
}

/**
 * `POST /v1/snapshots/{room|agent}` (api.md §15.1): the next version of the series and its
 * `snapshot_created` event in one transaction. 201 `{ snapshot, correlationId }`.
 */
export async function createSnapshot(runtime: ApiRuntime, request: SnapshotCreateRequest): Promise<MutationResult> {
  const input = parseSnapshotCreate(request.kind, request.body, getDefaults(runtime));
  const { tenantId, roomId, actorId, kind } = input;
  const route = `/v1/snapshots/${kind}`;
  const series = { tenantId, roomId, scope: kind, actorId: kind === 'agent' ? actorId : null };
  return runMutation(
    getMutationDeps(runtime),
    {
      route,
      method: 'POST',
      requestId: request.requestId,
      tenantId,
      roomId,
      actorId,
      scope: `${roomId}:${kind}:${actorId}:${route}`,
      body: request.body,
      idempotencyKey: request.idempotencyKey,
      correlationId: input.correlationId,
      // Versions are read-then-written: one writer per series at a time.
      lockKeys: [`snapshot:${tenantId}:${roomId}:${kind}:${series.actorId ?? ''}`],
    },
    async (ctx) => {
      const { tx, now, correlationId, trace } = ctx;
      const version = (await findMaxSnapshotVersion(tx, series)) + 1;
      const decision = decideSnapshot({ tenantId, roomId, correlationId, now }, input, version);
      await commitEvents(ctx, [decision.event], runtime.unread);
      const snapshot = await insertSnapshot(tx, decision.snapshot);
      addTraceStep(trace, 'RC_SNAPSHOT_CREATED', { scope: kind, version });
      return { status: 201, data: { snapshot, correlationId } };
    },
  );
}
