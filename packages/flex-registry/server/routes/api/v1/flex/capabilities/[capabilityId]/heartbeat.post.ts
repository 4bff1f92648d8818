import { defineEventHandler, getRouterParam, sendNoContent } from 'h3';
import { capabilityNotFoundError } from '../../../../../../../src/http/flex-errors';
import { useRegistry } from '../../../../../../../src/registry-access';

/** The cheap heartbeat: 204 with no body; 404 when the id was never registered (or was removed). */
export default defineEventHandler(async (event) => {
  const capabilityId = getRouterParam(event, 'capabilityId', { decode: true }) ?? '';
  const outcome = await (await useRegistry()).heartbeat(capabilityId);
  if (outcome.kind === 'not_found') throw capabilityNotFoundError(capabilityId);
  return sendNoContent(event, 204);
});
