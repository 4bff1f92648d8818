import { randomUUID } from 'node:crypto';

export const REACTION_ACTIONS = ['say', 'move', 'order'] as const;
export type ReactionAction = (typeof REACTION_ACTIONS)[number];

/** Every reaction default in one place (docs/api.md#reaction-subscriptions–2.2). */
export const REACTION_DEFAULTS = { cooldownMs: 1000, sayTtlMs: 7000, sayTtlMinMs: 2000, sayTtlMaxMs: 30_000, maxSteps: 50, orderSize: 'regular' } as const;

/** A reaction subscription as stored and on the wire (docs/api.md#reaction-subscriptions). */
export interface ReactionSubscription {
  id: string;
  tenantId: string;
  roomId: string | null;
  sourceActorId: string | null;
  targetActorId: string;
  triggerEventTypes: string[];
  actionType: ReactionAction;
  actionPayload: Record<string, unknown>;
  enabled: boolean;
  cooldownMs: number;
  ignoreSelf: boolean;
  ignoreReactionEvents: boolean;
  metadata: Record<string, unknown>;
  triggerCount: number;
  errorCount: number;
  lastTriggeredAt: string | null;
  lastSourceEventId: string | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The fields a create or patch may set; absent keys are `undefined`. */
export interface ReactionFields {
  roomId?: string | null;
  sourceActorId?: string | null;
  targetActorId?: string;
  triggerEventTypes?: string[];
  actionType?: ReactionAction;
  actionPayload?: Record<string, unknown>;
  enabled?: boolean;
  cooldownMs?: number;
  ignoreSelf?: boolean;
  ignoreReactionEvents?: boolean;
  metadata?: Record<string, unknown>;
}

export type ReactionCreateFields = ReactionFields & { targetActorId: string; actionType: ReactionAction; actionPayload: Record<string, unknown> };

export function buildReactionSubscription(tenantId: string, fields: ReactionCreateFields, now: Date): ReactionSubscription {
  const at = now.toISOString();
  return {
    id: randomUUID(),
    tenantId,
    roomId: fields.roomId ?? null,
    sourceActorId: fields.sourceActorId ?? null,
    targetActorId: fields.targetActorId,
    triggerEventTypes: fields.triggerEventTypes ?? ['*'],
    actionType: fields.actionType,
    actionPayload: fields.actionPayload,
    enabled: fields.enabled ?? true,
    cooldownMs: fields.cooldownMs ?? REACTION_DEFAULTS.cooldownMs,
    ignoreSelf: fields.ignoreSelf ?? true,
    ignoreReactionEvents: fields.ignoreReactionEvents ?? true,
    metadata: fields.metadata ?? {},
    triggerCount: 0,
    errorCount: 0,
    lastTriggeredAt: null,
    lastSourceEventId: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
  };
}

export function patchReactionSubscription(stored: ReactionSubscription, fields: ReactionFields, now: Date): ReactionSubscription {
  const defined = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
  return { ...stored, ...defined, updatedAt: now.toISOString() };
}
