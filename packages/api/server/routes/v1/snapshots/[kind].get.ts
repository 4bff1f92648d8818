import { defineEventHandler, getRouterParam } from 'h3';
import { CafeError } from '@cafe/shared';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readSnapshot } from '../../../../src/snapshots/read-snapshot';
import { toSnapshotKind } from '../../../../src/snapshots/snapshot';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const kind = toSnapshotKind(getRouterParam(event, 'kind') ?? '');
  if (!kind) throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Snapshot route not found', { method: event.method, path: event.path.split('?')[0] });
  const runtime = useApiRuntime();
  return sendData(event, await readSnapshot(requireSql(runtime), kind, readQuery(event), getDefaults(runtime)));
});
