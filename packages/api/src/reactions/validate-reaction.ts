import { CafeError } from '@cafe/shared';
import { DIRECTIONS } from '../grid/grid';
import { parseEventTypes, parseMetadata, parseNullableString } from '../webhooks/validate-webhook';
import { REACTION_ACTIONS, REACTION_DEFAULTS, type ReactionAction, type ReactionCreateFields, type ReactionFields } from './reaction-subscription';

function parseActionType(value: unknown): ReactionAction {
  const action = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!(REACTION_ACTIONS as readonly string[]).includes(action)) {
    throw new CafeError('ERR_INVALID_ENUM', 'actionType must be one of say, move, order', { field: 'actionType', allowed: [...REACTION_ACTIONS] });
  }
  return action as ReactionAction;
}

const asObject = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** `actionPayload` normalised per action (docs/api.md#reaction-subscriptions); unknown keys are dropped. */
export function parseActionPayload(actionType: ReactionAction, value: unknown): Record<string, unknown> {
  const payload = asObject(value);
  if (actionType === 'say') {
    const text = typeof payload.text === 'string' ? payload.text.trim() : '';
    if (!text) throw new CafeError('ERR_VALIDATION', 'actionPayload.text is required for say reactions', { field: 'actionPayload.text' });
    const ttl = Number(payload.ttlMs);
    const ttlMs = Number.isFinite(ttl) ? Math.min(REACTION_DEFAULTS.sayTtlMaxMs, Math.max(REACTION_DEFAULTS.sayTtlMinMs, Math.round(ttl))) : REACTION_DEFAULTS.sayTtlMs;
    return { text, ttlMs };
  }
  if (actionType === 'move') {
    const direction = typeof payload.direction === 'string' ? payload.direction.trim().toUpperCase() : '';
    if (!(DIRECTIONS as readonly string[]).includes(direction)) {
      throw new CafeError('ERR_INVALID_DIRECTION', undefined, { field: 'actionPayload.direction', allowed: [...DIRECTIONS], value: payload.direction ?? null });
    }
    const steps = payload.steps === undefined || payload.steps === null ? 1 : Number(payload.steps);
    if (!Number.isInteger(steps) || steps < 1 || steps > REACTION_DEFAULTS.maxSteps) {
      throw new CafeError('ERR_OUT_OF_BOUNDS', `actionPayload.steps must be an integer from 1 to ${REACTION_DEFAULTS.maxSteps}`, { field: 'actionPayload.steps', min: 1, max: REACTION_DEFAULTS.maxSteps, value: payload.steps });
    }
    return { direction, steps };
  }
  const itemId = typeof payload.itemId === 'string' ? payload.itemId.trim() : '';
  if (!itemId) throw new CafeError('ERR_VALIDATION', 'actionPayload.itemId is required for order reactions', { field: 'actionPayload.itemId' });
  const size = typeof payload.size === 'string' && payload.size.trim() ? payload.size.trim() : REACTION_DEFAULTS.orderSize;
  return { itemId, size };
}

function parseCooldown(value: unknown): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) && number >= 0 ? number : REACTION_DEFAULTS.cooldownMs;
}

function parseTarget(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: targetActorId', { field: 'targetActorId' });
  return value.trim();
}

/** The shared keys of create and patch (all but the action). */
function parseCommonFields(body: Record<string, unknown>): ReactionFields {
  const fields: ReactionFields = {};
  if ('roomId' in body) fields.roomId = parseNullableString('roomId', body.roomId);
  if ('sourceActorId' in body) fields.sourceActorId = parseNullableString('sourceActorId', body.sourceActorId);
  if ('triggerEventTypes' in body) fields.triggerEventTypes = body.triggerEventTypes === null ? ['*'] : parseEventTypes('triggerEventTypes', body.triggerEventTypes);
  if ('enabled' in body) fields.enabled = Boolean(body.enabled);
  if ('ignoreSelf' in body) fields.ignoreSelf = Boolean(body.ignoreSelf);
  if ('ignoreReactionEvents' in body) fields.ignoreReactionEvents = Boolean(body.ignoreReactionEvents);
  if ('cooldownMs' in body) fields.cooldownMs = parseCooldown(body.cooldownMs);
  if ('metadata' in body) fields.metadata = parseMetadata(body.metadata);
  return fields;
}

const present = (body: Record<string, unknown>) => Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== undefined && !(value === null && !['roomId', 'sourceActorId', 'triggerEventTypes'].includes(key))));

/** A full create body (docs/api.md#reaction-subscriptions). */
export function parseReactionCreate(body: Record<string, unknown>): ReactionCreateFields {
  const targetActorId = parseTarget(body.targetActorId);
  const fields = parseCommonFields(present(body));
  const actionType = parseActionType(body.actionType);
  return { ...fields, targetActorId, actionType, actionPayload: parseActionPayload(actionType, body.actionPayload) };
}

/**
 * A partial patch (docs/api.md#reaction-subscriptions): `actionPayload` validated against the new or stored action; a new
 * `actionType` needs its `actionPayload` in the same request (Decision).
 */
export function parseReactionPatch(body: Record<string, unknown>, storedAction: ReactionAction): ReactionFields {
  const fields = parseCommonFields(body);
  if ('targetActorId' in body) fields.targetActorId = parseTarget(body.targetActorId);
  if ('actionType' in body) fields.actionType = parseActionType(body.actionType);
  if (fields.actionType !== undefined && fields.actionType !== storedAction && !('actionPayload' in body)) {
    throw new CafeError('ERR_VALIDATION', 'Changing actionType requires a matching actionPayload', { field: 'actionPayload' });
  }
  if ('actionPayload' in body) fields.actionPayload = parseActionPayload(fields.actionType ?? storedAction, body.actionPayload);
  return fields;
}
