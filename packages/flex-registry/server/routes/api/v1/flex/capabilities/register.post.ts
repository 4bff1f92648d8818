import { defineEventHandler } from 'h3';
import { readRegistrationRequest } from '../../../../../../src/http/registration-request';
import { prefersMinimalReturn } from '../../../../../../src/http/prefer-minimal';
import { useRegistry } from '../../../../../../src/registry-access';

/** Spec §3: register (or refresh) a capability; answers the record and the registry status. */
export default defineEventHandler(async (event) => {
  const registration = await readRegistrationRequest(event);
  const registry = await useRegistry();
  const { stored } = await registry.register(registration);
  if (prefersMinimalReturn(event)) {
    return { ok: true, record: stored.record, registry: { count: await registry.countActive() } };
  }
  const active = await registry.listActive();
  return { ok: true, record: stored.record, registry: { active, count: active.length } };
});
