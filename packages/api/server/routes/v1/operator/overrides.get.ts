import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults } from '../../../../src/deps';
import { readOverrides } from '../../../../src/operator/read-overrides';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readOverrides(runtime, readQuery(event), getDefaults(runtime).tenantId));
});
