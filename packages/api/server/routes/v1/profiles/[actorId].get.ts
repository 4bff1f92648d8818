import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults } from '../../../../src/deps';
import { requireProfile } from '../../../../src/profiles/read-profiles';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const tenantId = readQuery(event).string('tenantId') ?? getDefaults(runtime).tenantId;
  return sendData(event, { profile: await requireProfile(runtime, tenantId, readPathParam(event, 'actorId')) });
});
