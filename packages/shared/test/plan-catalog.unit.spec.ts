import { describe, expect, it } from 'vitest';
import { DEFAULT_PLANS, parseApiEnv, parsePlanCatalog, resolveDefaultPlan } from '../src/index';

describe('plan catalogue (docs/private-tables.md#the-pieces)', () => {
  it('is the default catalogue when unset or blank', () => {
    expect(parsePlanCatalog(undefined)).toEqual(DEFAULT_PLANS);
    expect(parsePlanCatalog('  ')).toEqual(DEFAULT_PLANS);
    expect(parsePlanCatalog(undefined).map((plan) => [plan.planId, plan.maxAgents, plan.durationMinutes, plan.price])).toEqual([
      ['espresso', 2, 30, 3],
      ['cappuccino', 4, 90, 6],
      ['americano', 8, 240, 10],
      ['decaf_night_shift', 8, 720, 15],
    ]);
  });

  it('normalises every entry: ids, clamped seats and durations, features, cents', () => {
    const plans = parsePlanCatalog(
      JSON.stringify({
        'Solo Booth!': { maxAgents: 99.6, durationMinutes: 2, features: [' Replay ', 'replay', 3, 'TASK_BOARD', ''], price: 4.567 },
        bare: {},
        neg: { maxAgents: -3, durationMinutes: 5000, price: -1 },
      }),
    );
    expect(plans).toEqual([
      { planId: 'solo_booth_', maxAgents: 32, durationMinutes: 5, features: ['replay', 'task_board'], price: 4.57 },
      { planId: 'bare', maxAgents: 1, durationMinutes: 30, features: [], price: 0 },
      { planId: 'neg', maxAgents: 1, durationMinutes: 1440, features: [], price: 0 },
    ]);
  });

  it('refuses what it cannot use, naming the problem', () => {
    expect(() => parsePlanCatalog('{nope')).toThrow(/is not valid JSON/);
    expect(() => parsePlanCatalog('[1]')).toThrow('must be a JSON object keyed by plan id');
    expect(() => parsePlanCatalog('{}')).toThrow('has no plans');
    expect(() => parsePlanCatalog('{"x": 3}')).toThrow("plan 'x' must be an object");
  });

  it('stops the env parser with one line naming the variable', () => {
    expect(() => parseApiEnv({ TABLE_PLAN_CATALOG_JSON: '{nope' })).toThrow(/^Invalid environment: TABLE_PLAN_CATALOG_JSON is not valid JSON/);
    expect(parseApiEnv({ TABLE_PLAN_CATALOG_JSON: '{"Solo":{"maxAgents":1}}' }).TABLE_PLAN_CATALOG_JSON.map((plan) => plan.planId)).toEqual(['solo']);
  });

  it('resolves the default plan: configured id, else cappuccino, else the first', () => {
    const custom = parsePlanCatalog('{"a":{},"b":{}}');
    expect(resolveDefaultPlan(DEFAULT_PLANS, 'Americano').planId).toBe('americano');
    expect(resolveDefaultPlan(DEFAULT_PLANS, 'unknown').planId).toBe('cappuccino');
    expect(resolveDefaultPlan(custom, 'unknown').planId).toBe('a');
    expect(resolveDefaultPlan(custom, 'b').planId).toBe('b');
  });
});
