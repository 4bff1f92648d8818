import { defineEventHandler, getRequestHeader } from 'h3';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { executeHeartbeat } from '../../../../src/presence/execute-heartbeat';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const result = await executeHeartbeat(runtime, { body, requestId: getRequestId(event), idempotencyKey: getRequestHeader(event, 'idempotency-key') });
  return respondMutation(event, result);
});
