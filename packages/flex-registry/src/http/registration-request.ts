import type { H3Event } from 'h3';
import { parseCapabilityRegistration, type CapabilityRegistration } from '@cafe/shared';
import { invalidRegistrationError, payloadTooLargeError } from './flex-errors';
import { readJsonBody } from './read-json-body';

/**
 * Reads and validates a registration body (docs/flex-registry.md#register-a-capability). Malformed JSON gets the same 400
 * as a schema failure, with the parser's complaint in `formErrors` (docs/flex-registry.md#validation-errors); an
 * empty body validates as "no object", also a form error.
 */
export async function readRegistrationRequest(event: H3Event): Promise<CapabilityRegistration> {
  const body = await readJsonBody(event);
  if (body.kind === 'too_large') throw payloadTooLargeError(body.maxBytes);
  if (body.kind === 'malformed') {
    throw invalidRegistrationError({ formErrors: [`Invalid JSON body: ${body.reason}`], fieldErrors: {} });
  }
  const parsed = parseCapabilityRegistration(body.kind === 'json' ? body.value : undefined);
  if (!parsed.success) throw invalidRegistrationError(parsed.issues);
  return parsed.data;
}
