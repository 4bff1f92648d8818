import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { requireSharedObject } from '../../../../src/objects/read-objects';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const tenantId = readQuery(event).string('tenantId') ?? getDefaults(runtime).tenantId;
  return sendData(event, { object: await requireSharedObject(requireSql(runtime), tenantId, readPathParam(event, 'objectId')) });
});
