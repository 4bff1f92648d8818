import { defineEventHandler, getRequestHeader } from 'h3';
import { getRequestId } from '@cafe/http';
import { removeProfile } from '../../../../src/profiles/execute-profile';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { readPathParam } from '../../../../src/request/path-param';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

// DELETE reads no body (README §9): the tenant comes from the query string.
export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const result = await removeProfile(runtime, {
    actorId: readPathParam(event, 'actorId'),
    queryTenantId: readQuery(event).string('tenantId'),
    body: {},
    requestId: getRequestId(event),
    idempotencyKey: getRequestHeader(event, 'idempotency-key'),
  });
  return respondMutation(event, result);
});
