import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../../src/deps';
import { readPathParam } from '../../../../../src/request/path-param';
import { readQuery } from '../../../../../src/request/query';
import { useApiRuntime } from '../../../../../src/runtime';
import { readTaskHandoffs } from '../../../../../src/tasks/read-tasks';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readTaskHandoffs(requireSql(runtime), readQuery(event), readPathParam(event, 'taskId'), getDefaults(runtime).tenantId));
});
