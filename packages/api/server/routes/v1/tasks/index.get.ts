import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readTasks } from '../../../../src/tasks/read-tasks';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readTasks(requireSql(runtime), readQuery(event), getDefaults(runtime).tenantId));
});
