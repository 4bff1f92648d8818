import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { requireTableSession } from '../../../../src/tables/read-table-sessions';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const tenantId = readQuery(event).string('tenantId') ?? getDefaults(runtime).tenantId;
  return sendData(event, { session: await requireTableSession(requireSql(runtime), tenantId, readPathParam(event, 'sessionId')) });
});
