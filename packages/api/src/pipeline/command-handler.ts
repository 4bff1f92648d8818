import { defineEventHandler, getRouterParams, type EventHandler } from 'h3';
import { getRequestId, readJsonObjectBody, readRequestHeader } from '@cafe/http';
import { respondMutation } from '../mutation/respond-mutation';
import { getCallerRole } from '../operator/caller-role';
import { decodePathParam } from '../request/path-param';
import { readQuery } from '../request/query';
import type { AnyCommand } from './command';
import { runCommand, type CommandDeps } from './run-command';

/**
 * The h3 handler of a command module: the only place that turns an HTTP request into a
 * `CommandRequest`, so no route repeats the body/request-id/key plumbing.
 */
export function createCommandHandler(command: AnyCommand, useDeps: () => CommandDeps): EventHandler {
  return defineEventHandler(async (event) => {
    const deps = useDeps();
    // DELETE carries no body in the contract; the tenant comes from the query.
    const body = command.method === 'DELETE' ? {} : await readJsonObjectBody(event, deps.env.API_MAX_BODY_BYTES);
    const params: Record<string, string> = {};
    for (const [name, raw] of Object.entries(getRouterParams(event))) params[name] = decodePathParam(raw, name);
    const result = await runCommand(
      deps,
      command,
      { body, params, query: readQuery(event), requestId: getRequestId(event), callerRole: getCallerRole(event) },
      readRequestHeader(event, 'idempotency-key'),
    );
    return respondMutation(event, result);
  });
}
