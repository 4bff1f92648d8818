import { CafeError } from '@cafe/shared';
import { getDefaults } from '../deps';
import { defineCommand } from '../pipeline/command';
import { locks, scopes } from '../pipeline/keys';
import { addTraceStep } from '../traces/trace-store';
import { decideSnapshot, parseSnapshotCreate } from './decide-snapshot';
import { toSnapshotKind } from './snapshot';
import { findMaxSnapshotVersion, insertSnapshot } from './snapshot-store';

/**
 * `POST /v1/snapshots/{room|agent}` (docs/api.md#snapshots): the next version of the series
 * and its `snapshot_created` event in one transaction. 201 `{ snapshot, correlationId }`.
 */
export const snapshotCommand = defineCommand({
  method: 'POST',
  path: '/v1/snapshots/:kind',
  parse: ({ body, params }, env) => {
    const kind = toSnapshotKind(params.kind ?? '');
    if (!kind) throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Snapshot route not found', { method: 'POST', path: `/v1/snapshots/${params.kind ?? ''}` });
    const input = parseSnapshotCreate(kind, body, getDefaults({ env }));
    return { ...input, path: `/v1/snapshots/${kind}`, series: { tenantId: input.tenantId, roomId: input.roomId, scope: kind, actorId: kind === 'agent' ? input.actorId : null } };
  },
  key: ({ tenantId, roomId, actorId, kind, correlationId, series, path }) => ({
    tenantId,
    roomId,
    actorId,
    correlationId,
    route: path,
    scope: scopes.snapshot(roomId, kind, actorId, path),
    locks: [locks.snapshotSeries(tenantId, roomId, kind, series.actorId)],
  }),
  load: async ({ tx }, { series }) => (await findMaxSnapshotVersion(tx, series)) + 1,
  decide: (input, version, { correlationId, now }) => {
    const { snapshot, event } = decideSnapshot({ tenantId: input.tenantId, roomId: input.roomId, correlationId, now }, input, version);
    return { snapshot, events: [event] };
  },
  persist: async ({ tx, trace }, { snapshot }) => {
    const saved = await insertSnapshot(tx, snapshot);
    addTraceStep(trace, 'RC_SNAPSHOT_CREATED', { scope: snapshot.scope, version: snapshot.version });
    return saved;
  },
  respond: ({ persisted, correlationId }) => ({ status: 201, data: { snapshot: persisted, correlationId } }),
});
