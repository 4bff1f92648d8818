import { defineEventHandler } from 'h3';
import { CafeError } from '@cafe/shared';
import { sendData } from '@cafe/http';
import { getDefaults } from '../../../../src/deps';
import { readAudit } from '../../../../src/operator/read-overrides';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

// One handler for every method: the log is append-only, so anything but GET is a 404 (docs/api.md#operator-overrides-and-audit).
export default defineEventHandler(async (event) => {
  if (event.method !== 'GET') {
    throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Operator audit route not found', { method: event.method, path: event.path.split('?')[0] });
  }
  const runtime = useApiRuntime();
  return sendData(event, await readAudit(runtime, readQuery(event), getDefaults(runtime).tenantId));
});
