import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../../src/deps';
import { readPathParam } from '../../../../../src/request/path-param';
import { readQuery } from '../../../../../src/request/query';
import { useApiRuntime } from '../../../../../src/runtime';
import { requireTask } from '../../../../../src/tasks/read-tasks';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const tenantId = readQuery(event).string('tenantId') ?? getDefaults(runtime).tenantId;
  return sendData(event, { task: await requireTask(requireSql(runtime), tenantId, readPathParam(event, 'taskId')) });
});
