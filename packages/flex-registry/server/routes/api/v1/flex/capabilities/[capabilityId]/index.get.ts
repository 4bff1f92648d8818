import { defineEventHandler, getRouterParam } from 'h3';
import { capabilityNotFoundError } from '../../../../../../../src/http/flex-errors';
import { useRegistry } from '../../../../../../../src/registry-access';

/** One capability, active or inactive; 404 when unknown. */
export default defineEventHandler(async (event) => {
  const capabilityId = getRouterParam(event, 'capabilityId', { decode: true }) ?? '';
  const record = await (await useRegistry()).getCapabilityById(capabilityId);
  if (!record) throw capabilityNotFoundError(capabilityId);
  return { ok: true, record };
});
