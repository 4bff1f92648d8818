import { defineEventHandler, getRequestHeader, getRouterParam } from 'h3';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { ackOneInboxItem } from '../../../../../src/inbox/execute-inbox';
import { respondMutation } from '../../../../../src/mutation/respond-mutation';
import { readQuery } from '../../../../../src/request/query';
import { useApiRuntime } from '../../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const inboxId = decodeURIComponent(getRouterParam(event, 'inboxItemId') ?? '');
  const result = await ackOneInboxItem(runtime, inboxId, {
    body,
    queryTenantId: readQuery(event).string('tenantId'),
    requestId: getRequestId(event),
    idempotencyKey: getRequestHeader(event, 'idempotency-key'),
  });
  return respondMutation(event, result);
});
