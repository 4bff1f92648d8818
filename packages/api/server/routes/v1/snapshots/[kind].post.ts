import { defineEventHandler, getRequestHeader, getRouterParam } from 'h3';
import { CafeError } from '@cafe/shared';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { createSnapshot } from '../../../../src/snapshots/execute-snapshot';
import { toSnapshotKind } from '../../../../src/snapshots/snapshot';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const kind = toSnapshotKind(getRouterParam(event, 'kind') ?? '');
  if (!kind) throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Snapshot route not found', { method: event.method, path: event.path.split('?')[0] });
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const result = await createSnapshot(runtime, { kind, body, requestId: getRequestId(event), idempotencyKey: getRequestHeader(event, 'idempotency-key') });
  return respondMutation(event, result);
});
