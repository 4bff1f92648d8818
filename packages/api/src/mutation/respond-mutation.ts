import { setResponseHeader, type H3Event } from 'h3';
import { sendRawJson, setCorrelationIdHeader } from '@cafe/http';
import type { MutationResult } from './run-mutation';

/** Sends a mutation's stored or fresh response; replays are byte-equal to the first answer. */
export function respondMutation(event: H3Event, result: MutationResult): string {
  if (result.correlationId) setCorrelationIdHeader(event, result.correlationId);
  if (result.kind === 'replayed') setResponseHeader(event, 'x-idempotent-replay', 'true');
  return sendRawJson(event, result.body, result.status);
}
