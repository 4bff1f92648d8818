import { CafeError } from '@cafe/shared';
import { addTraceStep, type Trace } from '../traces/trace-store';
import type { ModerationStore, ModerationSubject } from './moderation-store';

export interface ModerationCheck extends ModerationSubject {
  /** The real action name (`say`, `conversation_message`, `intent:navigate_to`, …). */
  action: string;
  text?: string | null;
  /** Who acts: `api` for requests (the default), `reaction` for the reaction engine (docs/policies.md#moderation). */
  source?: 'api' | 'reaction';
}

/**
 * The Moderation step (docs/api.md#commands, docs/api.md#intents): evaluates and, when it passes, records the
 * attempt (docs/policies.md#moderation records every passing evaluation, even if a later step fails the
 * request). Blocked → trace `RC_MODERATION_BLOCKED` and 429 `ERR_MODERATION_BLOCKED`.
 * Runs under the actor's advisory lock, so one actor's attempts are evaluated one at a time.
 */
export async function assertModerationAllows(store: ModerationStore, ctx: { trace: Trace; correlationId: string }, check: ModerationCheck): Promise<void> {
  const { tenantId, roomId, actorId, action } = check;
  // The lock wait may be long: judge the interval by when the attempt is really evaluated.
  const verdict = await store.evaluate({ tenantId, roomId, actorId }, { action, text: check.text ?? null }, Date.now());
  if (verdict.allowed) return;
  const details = {
    tenantId,
    roomId,
    actorId,
    action,
    source: check.source ?? 'api',
    reasonCode: verdict.reasonCode,
    retryAfterMs: verdict.retryAfterMs,
    ...verdict.details,
    correlationId: ctx.correlationId,
  };
  addTraceStep(ctx.trace, 'RC_MODERATION_BLOCKED', details);
  throw new CafeError('ERR_MODERATION_BLOCKED', 'Moderation policy blocked action', details);
}
