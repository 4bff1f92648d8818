import { CafeError, EVENT_TYPES } from '@cafe/shared';
import { WEBHOOK_DEFAULTS } from './retry-schedule';

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);

/** The fields a create or patch may set (docs/api.md#webhook-subscriptions); absent keys are `undefined`. */
export interface WebhookFields {
  roomId?: string | null;
  actorId?: string | null;
  eventTypes?: string[];
  targetUrl?: string;
  /** `null` = blank: a new random secret. */
  secret?: string | null;
  enabled?: boolean;
  maxRetries?: number;
  backoffMs?: number;
  timeoutMs?: number;
  metadata?: Record<string, unknown>;
}

/** `targetUrl`: an absolute http(s) URL, else ERR_INVALID_URL `{ field, value }`. */
export function parseTargetUrl(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CafeError('ERR_MISSING_FIELD', 'Missing required field: targetUrl', { field: 'targetUrl' });
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new CafeError('ERR_INVALID_URL', 'targetUrl must be an absolute http or https URL', { field: 'targetUrl', value });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CafeError('ERR_INVALID_URL', 'targetUrl must be an absolute http or https URL', { field: 'targetUrl', value });
  }
  return trimmed;
}

/**
 * An event-type list: array required; items stringified and trimmed, blanks dropped; empty →
 * `["*"]`. Items must be `*` or a type the runtime appends, so a typo is a 400 instead of a
 * subscription that never fires.
 */
export function parseEventTypes(field: string, value: unknown): string[] {
  if (!Array.isArray(value)) throw new CafeError('ERR_VALIDATION', `${field} must be an array`, { field });
  const items = value.map((item) => String(item).trim()).filter((item) => item !== '');
  const unknown = items.find((item) => item !== '*' && !KNOWN_TYPES.has(item));
  if (unknown !== undefined) throw new CafeError('ERR_VALIDATION', `${field} contains an unknown event type`, { field, value: unknown, allowed: ['*', ...EVENT_TYPES] });
  return items.length > 0 ? [...new Set(items)] : ['*'];
}

/** `roomId`/`actorId`-like filters: string or null; else ERR_VALIDATION. */
export function parseNullableString(field: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== 'string') throw new CafeError('ERR_VALIDATION', `${field} must be a string or null`, { field });
  return value;
}

/** Any finite number (numeric strings included); anything else falls back to the default. */
export function parseLenientNumber(value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : fallback;
}

export function parseMetadata(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CafeError('ERR_VALIDATION', 'metadata must be an object', { field: 'metadata' });
  return value as Record<string, unknown>;
}

/** The patchable keys present in a body, validated (docs/api.md#webhook-subscriptions); unknown keys are ignored. */
export function parseWebhookPatch(body: Record<string, unknown>): WebhookFields {
  const fields: WebhookFields = {};
  if ('roomId' in body) fields.roomId = parseNullableString('roomId', body.roomId);
  if ('actorId' in body) fields.actorId = parseNullableString('actorId', body.actorId);
  if ('eventTypes' in body) fields.eventTypes = parseEventTypes('eventTypes', body.eventTypes);
  if ('targetUrl' in body) fields.targetUrl = parseTargetUrl(body.targetUrl);
  if ('secret' in body) {
    if (typeof body.secret !== 'string') throw new CafeError('ERR_VALIDATION', 'secret must be a string', { field: 'secret' });
    fields.secret = body.secret.trim() === '' ? null : body.secret;
  }
  if ('enabled' in body) fields.enabled = Boolean(body.enabled);
  if ('maxRetries' in body) fields.maxRetries = parseLenientNumber(body.maxRetries, WEBHOOK_DEFAULTS.maxRetries);
  if ('backoffMs' in body) fields.backoffMs = parseLenientNumber(body.backoffMs, WEBHOOK_DEFAULTS.backoffMs);
  if ('timeoutMs' in body) fields.timeoutMs = parseLenientNumber(body.timeoutMs, WEBHOOK_DEFAULTS.timeoutMs);
  if ('metadata' in body) fields.metadata = parseMetadata(body.metadata);
  return fields;
}

/** A create body: the patch rules plus a required `targetUrl`; `null`/absent optionals take defaults. */
export function parseWebhookCreate(body: Record<string, unknown>): WebhookFields & { targetUrl: string } {
  const present = Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== undefined && !(value === null && key !== 'roomId' && key !== 'actorId')));
  const targetUrl = parseTargetUrl(body.targetUrl);
  return { ...parseWebhookPatch(present), targetUrl };
}
