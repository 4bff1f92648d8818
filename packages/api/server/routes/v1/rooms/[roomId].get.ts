import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { requireRoom } from '../../../../src/rooms/read-rooms';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

// One segment only: `/v1/rooms/context/pin` and `/history` are routes of their own.
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const tenantId = readQuery(event).string('tenantId') ?? getDefaults(runtime).tenantId;
  return sendData(event, { room: await requireRoom(requireSql(runtime), tenantId, readPathParam(event, 'roomId')) });
});
