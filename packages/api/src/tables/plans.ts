import { resolveDefaultPlan, type ApiEnv, type Plan } from '@cafe/shared';

/** The plan catalogue of this process: the parsed env catalogue and its default plan. */
export interface PlanBook {
  plans: readonly Plan[];
  defaultPlan: Plan;
  /** The plan of a stored session: its own when known, else the default plan (docs/private-tables.md#the-pieces). */
  planOf(planId: string | null): Plan;
  /** A requested plan id, or undefined when the catalogue has no such plan. */
  find(planId: string): Plan | undefined;
}

const books = new WeakMap<ApiEnv, PlanBook>();

/** The plan book of an environment (built once per parsed env). */
export function usePlanBook(env: Pick<ApiEnv, 'TABLE_PLAN_CATALOG_JSON' | 'TABLE_PLAN_DEFAULT_ID'>): PlanBook {
  const cached = books.get(env as ApiEnv);
  if (cached) return cached;
  const plans = env.TABLE_PLAN_CATALOG_JSON;
  const defaultPlan = resolveDefaultPlan(plans, env.TABLE_PLAN_DEFAULT_ID);
  const byId = new Map(plans.map((plan) => [plan.planId, plan]));
  const book: PlanBook = {
    plans,
    defaultPlan,
    planOf: (planId) => (planId !== null && byId.get(planId)) || defaultPlan,
    find: (planId) => byId.get(planId),
  };
  books.set(env as ApiEnv, book);
  return book;
}
