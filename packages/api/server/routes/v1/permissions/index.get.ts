import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults } from '../../../../src/deps';
import { readPermissions } from '../../../../src/permissions/read-permissions';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readPermissions(runtime, readQuery(event), getDefaults(runtime).tenantId));
});
