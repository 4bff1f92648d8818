import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readPresence } from '../../../../src/presence/read-presence';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readPresence(requireSql(runtime), readQuery(event), getDefaults(runtime).tenantId));
});
