import { defineEventHandler, getRequestHeader } from 'h3';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { getCallerRole } from '../../../../src/operator/caller-role';
import { applyOperatorOverride } from '../../../../src/operator/execute-override';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const result = await applyOperatorOverride(runtime, {
    body,
    requestId: getRequestId(event),
    idempotencyKey: getRequestHeader(event, 'idempotency-key'),
    callerRole: getCallerRole(event),
  });
  return respondMutation(event, result);
});
