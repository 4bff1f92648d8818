import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { readTableSessions } from '../../../../src/tables/read-table-sessions';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readTableSessions(requireSql(runtime), readQuery(event), getDefaults(runtime).tenantId));
});
