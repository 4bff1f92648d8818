import { defineEventHandler } from 'h3';
import { readRegistrationRequest } from '../../../../../../src/http/registration-request';
import { prefersMinimalReturn } from '../../../../../../src/http/prefer-minimal';
import { registerAndSummarize } from '../../../../../../src/registry/register-and-summarize';
import { useRegistry } from '../../../../../../src/registry-access';

/** docs/flex-registry.md#register-a-capability: register (or refresh) a capability; answers the record and the registry status. */
export default defineEventHandler(async (event) => {
  const registration = await readRegistrationRequest(event);
  return registerAndSummarize(await useRegistry(), registration, { minimal: prefersMinimalReturn(event) });
});
