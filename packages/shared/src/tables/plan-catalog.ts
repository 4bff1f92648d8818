/** A private-table plan (spec docs/private-tables.md#the-pieces). */
export interface Plan {
  planId: string;
  maxAgents: number;
  durationMinutes: number;
  features: string[];
  price: number;
}

/**
 * The plan features the gate enforces (docs/private-tables.md#the-pieces): a route names the one it needs with
 * these, never by hand. `basicThreadChat` and `export` are informational.
 */
export const PLAN_FEATURES = {
  basicThreadChat: 'basic_thread_chat',
  /** Task create, patch and handoff. */
  taskBoard: 'task_board',
  /** Shared object create and patch. */
  sharedObjects: 'shared_objects',
  /** `GET /v1/replay`. */
  replay: 'replay',
  /** Create, patch and delete of webhook and reaction subscriptions bound to the room. */
  eventSubscriptions: 'event_subscriptions',
  export: 'export',
} as const;

export type PlanFeature = (typeof PLAN_FEATURES)[keyof typeof PLAN_FEATURES];

const F = PLAN_FEATURES;
const FULL_FEATURES = [F.basicThreadChat, F.taskBoard, F.sharedObjects, F.replay, F.eventSubscriptions, F.export];

/** The catalogue used when `TABLE_PLAN_CATALOG_JSON` is unset. */
export const DEFAULT_PLANS: readonly Plan[] = [
  { planId: 'espresso', maxAgents: 2, durationMinutes: 30, features: [F.basicThreadChat], price: 3 },
  { planId: 'cappuccino', maxAgents: 4, durationMinutes: 90, features: [F.basicThreadChat, F.taskBoard, F.sharedObjects], price: 6 },
  { planId: 'americano', maxAgents: 8, durationMinutes: 240, features: FULL_FEATURES, price: 10 },
  { planId: 'decaf_night_shift', maxAgents: 8, durationMinutes: 720, features: FULL_FEATURES, price: 15 },
];

/** The plan a stored session without a (known) plan falls back to, before TABLE_PLAN_DEFAULT_ID. */
const FALLBACK_PLAN_ID = 'cappuccino';

/** A plan id as the catalogue and requests spell it: lower-cased, non `[a-z0-9_]` → `_`. */
export function normalizePlanId(value: string): string {
  return value.trim().toLowerCase().replace(/[^a-z0-9_]/g, '_');
}

function clampRounded(value: unknown, min: number, max: number, missing: number): number {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(numeric)) return missing;
  return Math.min(max, Math.max(min, Math.round(numeric)));
}

function readFeatures(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  const features = value.filter((item): item is string => typeof item === 'string').map((item) => item.trim().toLowerCase());
  return [...new Set(features.filter((item) => item !== ''))];
}

function readPrice(value: unknown): number {
  const numeric = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  if (!Number.isFinite(numeric) || numeric < 0) return 0;
  return Math.round(numeric * 100) / 100;
}

/**
 * Parses `TABLE_PLAN_CATALOG_JSON`: an object keyed by plan id whose entries are normalised
 * (ids, clamped seats and durations, de-duplicated features, prices in cents). Unset → the
 * default catalogue. Unlike the original, which silently fell back to the defaults, anything
 * unusable (bad JSON, not an object, an entry that is not an object, no entries) is an error
 * naming the problem, so a typo in a paid product's plans stops the service instead of
 * selling the wrong plans. Pure.
 */
export function parsePlanCatalog(json: string | undefined): Plan[] {
  if (json === undefined || json.trim() === '') return DEFAULT_PLANS.map((plan) => ({ ...plan, features: [...plan.features] }));
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (error) {
    throw new Error(`is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('must be a JSON object keyed by plan id');
  const plans = new Map<string, Plan>();
  for (const [rawId, entry] of Object.entries(parsed as Record<string, unknown>)) {
    const planId = normalizePlanId(rawId);
    if (planId === '') throw new Error(`has a blank plan id`);
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error(`plan '${rawId}' must be an object`);
    const fields = entry as Record<string, unknown>;
    plans.set(planId, {
      planId,
      maxAgents: clampRounded(fields.maxAgents, 1, 32, 1),
      durationMinutes: clampRounded(fields.durationMinutes, 5, 1440, 30),
      features: readFeatures(fields.features),
      price: readPrice(fields.price),
    });
  }
  if (plans.size === 0) throw new Error('has no plans');
  return [...plans.values()];
}

/**
 * The default plan (docs/private-tables.md#the-pieces): TABLE_PLAN_DEFAULT_ID when it names a plan, else
 * `cappuccino` when present, else the first plan. Pure.
 */
export function resolveDefaultPlan(plans: readonly Plan[], defaultPlanId: string): Plan {
  const wanted = normalizePlanId(defaultPlanId);
  return plans.find((plan) => plan.planId === wanted) ?? plans.find((plan) => plan.planId === FALLBACK_PLAN_ID) ?? plans[0] ?? DEFAULT_PLANS[0]!;
}
