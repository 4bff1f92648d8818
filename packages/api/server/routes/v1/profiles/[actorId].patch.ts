import { defineEventHandler, getRequestHeader } from 'h3';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { patchProfile } from '../../../../src/profiles/execute-profile';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const result = await patchProfile(runtime, {
    actorId: readPathParam(event, 'actorId'),
    queryTenantId: readQuery(event).string('tenantId'),
    body,
    requestId: getRequestId(event),
    idempotencyKey: getRequestHeader(event, 'idempotency-key'),
  });
  return respondMutation(event, result);
});
