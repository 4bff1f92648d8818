import { defineEventHandler, getRequestHeader, getRouterParam } from 'h3';
import { CafeError } from '@cafe/shared';
import { getRequestId, readJsonObjectBody } from '@cafe/http';
import { COMMAND_ACTIONS, type CommandAction } from '../../../../src/commands/parse-command';
import { executeCommand } from '../../../../src/commands/execute-command';
import { respondMutation } from '../../../../src/mutation/respond-mutation';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const action = getRouterParam(event, 'action') ?? '';
  if (!(COMMAND_ACTIONS as readonly string[]).includes(action)) {
    throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Route not found', { method: event.method, path: event.path.split('?')[0] });
  }
  const runtime = useApiRuntime();
  const body = await readJsonObjectBody(event, runtime.env.API_MAX_BODY_BYTES);
  const result = await executeCommand(runtime, {
    action: action as CommandAction,
    route: `/v1/commands/${action}`,
    body,
    requestId: getRequestId(event),
    idempotencyKey: getRequestHeader(event, 'idempotency-key'),
  });
  return respondMutation(event, result);
});
