import { describe, expect, it } from 'vitest';
import { CAPABILITY_ID_MAX_LENGTH, MAX_JSON_DEPTH, parseCapabilityRegistration, type CapabilityRegistration } from '@cafe/shared';

const base = { capabilityId: 'writer.en', version: '2025.03.02', displayName: 'Writer', summary: 'Writes.' };

function accepted(input: Record<string, unknown>): CapabilityRegistration {
  const result = parseCapabilityRegistration(input);
  if (!result.success) throw new Error(`rejected: ${JSON.stringify(result.issues)}`);
  return result.data;
}

function rejectedFields(input: unknown): string[] {
  const result = parseCapabilityRegistration(input);
  if (result.success) throw new Error('accepted');
  return Object.keys(result.issues.fieldErrors).sort();
}

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i += 1) value = { next: value };
  return value;
}

describe('registration payload (docs/flex-registry.md#fields)', () => {
  it('accepts the spec example and normalises its contract', () => {
    const data = accepted({
      ...base,
      inputTraits: { languages: ['en'], formats: ['linkedIn_post'] },
      defaultContract: { schema: { type: 'object', required: ['variants'] } },
      cost: { tier: 'standard', estimatedTokens: 6000 },
      preferredModels: ['gpt-4o-mini'],
      heartbeat: { intervalSeconds: 60 },
      metadata: { owner: 'marketing-ai' },
    });
    expect(data.defaultContract).toEqual({ mode: 'json_schema', schema: { type: 'object', required: ['variants'] } });
  });

  it.each(['capabilityId', 'version', 'displayName', 'summary'])('requires %s as a non-empty string', (field) => {
    expect(rejectedFields({ ...base, [field]: undefined })).toEqual([field]);
    expect(rejectedFields({ ...base, [field]: '' })).toEqual([field]);
    expect(rejectedFields({ ...base, [field]: 42 })).toEqual([field]);
    expect(accepted({ ...base, [field]: ' ' })[field as keyof CapabilityRegistration]).toBe(' ');
  });

  it('bounds capabilityId (it is the primary key)', () => {
    expect(accepted({ ...base, capabilityId: 'x'.repeat(CAPABILITY_ID_MAX_LENGTH) }).capabilityId).toHaveLength(CAPABILITY_ID_MAX_LENGTH);
    expect(rejectedFields({ ...base, capabilityId: 'x'.repeat(CAPABILITY_ID_MAX_LENGTH + 1) })).toEqual(['capabilityId']);
  });

  it('drops unknown keys, so clients cannot set status or timestamps', () => {
    const data = accepted({ ...base, status: 'inactive', lastSeenAt: 'x', registeredAt: 'y', extra: 1 });
    expect(data).toEqual(base);
  });

  it('inputTraits: string arrays, unknown keys dropped', () => {
    expect(accepted({ ...base, inputTraits: { languages: ['en'], strengths: ['tone'], limitations: ['no-pdf'], formats: [], mood: 1 } }).inputTraits)
      .toEqual({ languages: ['en'], strengths: ['tone'], limitations: ['no-pdf'], formats: [] });
    expect(rejectedFields({ ...base, inputTraits: { languages: 'en' } })).toEqual(['inputTraits']);
    expect(rejectedFields({ ...base, inputTraits: { formats: [1] } })).toEqual(['inputTraits']);
    expect(rejectedFields({ ...base, inputTraits: [] })).toEqual(['inputTraits']);
  });

  it('cost: estimatedTokens integer ≥ 0, pricePer1kTokens ≥ 0', () => {
    expect(accepted({ ...base, cost: { estimatedTokens: 0, pricePer1kTokens: 0.25, currency: 'USD', tier: 'cheap' } }).cost)
      .toEqual({ estimatedTokens: 0, pricePer1kTokens: 0.25, currency: 'USD', tier: 'cheap' });
    for (const cost of [{ estimatedTokens: -1 }, { estimatedTokens: 1.5 }, { pricePer1kTokens: -0.01 }, { tier: 3 }, { estimatedTokens: '5' }]) {
      expect(rejectedFields({ ...base, cost })).toEqual(['cost']);
    }
  });

  it('heartbeat: intervalSeconds required integer > 0, timeoutSeconds optional integer > 0', () => {
    expect(accepted({ ...base, heartbeat: { intervalSeconds: 5, timeoutSeconds: 10 } }).heartbeat).toEqual({ intervalSeconds: 5, timeoutSeconds: 10 });
    for (const heartbeat of [{}, { intervalSeconds: 0 }, { intervalSeconds: 1.5 }, { intervalSeconds: 5, timeoutSeconds: 0 }, { intervalSeconds: 5, timeoutSeconds: 2.5 }]) {
      // Nested problems are reported under the top-level field (docs/flex-registry.md#validation-errors).
      expect(rejectedFields({ ...base, heartbeat })).toEqual(['heartbeat']);
    }
  });

  it('preferredModels: an array of strings', () => {
    expect(accepted({ ...base, preferredModels: ['a', 'b'] }).preferredModels).toEqual(['a', 'b']);
    expect(rejectedFields({ ...base, preferredModels: 'a' })).toEqual(['preferredModels']);
    expect(rejectedFields({ ...base, preferredModels: [1] })).toEqual(['preferredModels']);
  });

  it('metadata: any object, kept whole; not an array or a scalar', () => {
    const metadata = { owner: 'x', nested: { list: [1, { deep: true }] } };
    expect(accepted({ ...base, metadata }).metadata).toEqual(metadata);
    expect(rejectedFields({ ...base, metadata: 'x' })).toEqual(['metadata']);
    expect(rejectedFields({ ...base, metadata: null })).toEqual(['metadata']);
  });

  it('rejects what Postgres cannot store: NUL, unpaired surrogates, runaway nesting', () => {
    expect(rejectedFields({ ...base, summary: 'a\u0000b' })).toEqual(['summary']);
    expect(rejectedFields({ ...base, metadata: { ['k\u0000']: 1 } })).toEqual(['metadata']);
    expect(rejectedFields({ ...base, preferredModels: ['\ud800'] })).toEqual(['preferredModels']);
    expect(accepted({ ...base, summary: 'emoji \ud83d\ude00 ok' }).summary).toBe('emoji \ud83d\ude00 ok');
    expect(accepted({ ...base, metadata: { v: nested(MAX_JSON_DEPTH - 2) } }).metadata).toBeDefined();
    expect(rejectedFields({ ...base, metadata: { v: nested(MAX_JSON_DEPTH + 5) } })).toEqual(['metadata']);
    expect(rejectedFields({ ...base, defaultContract: { schema: { v: nested(10_000) } } })).toEqual(['defaultContract']);
  });

  it('reports a body that is not an object under formErrors', () => {
    for (const body of [undefined, null, [], 'text', 12]) {
      const result = parseCapabilityRegistration(body);
      expect(result.success).toBe(false);
      if (!result.success) {
        expect(result.issues.formErrors.length).toBeGreaterThan(0);
        expect(result.issues.fieldErrors).toEqual({});
      }
    }
  });

  it('flattens several field problems at once, keyed by top-level field', () => {
    expect(rejectedFields({ displayName: 'x', heartbeat: { intervalSeconds: -1 } })).toEqual(['capabilityId', 'heartbeat', 'summary', 'version']);
  });
});

describe('output contracts (docs/flex-registry.md#fields)', () => {
  const contract = (defaultContract: unknown) => accepted({ ...base, defaultContract }).defaultContract;

  it('alternative 1: explicit json_schema mode, with hints and any example', () => {
    expect(contract({ mode: 'json_schema', schema: { type: 'object' }, hints: { tone: 'dry' }, example: [1, 2] }))
      .toEqual({ mode: 'json_schema', schema: { type: 'object' }, hints: { tone: 'dry' }, example: [1, 2] });
  });

  it('alternative 2: no mode (or another mode) with a schema becomes json_schema', () => {
    expect(contract({ schema: { type: 'object' } })).toEqual({ mode: 'json_schema', schema: { type: 'object' } });
    expect(contract({ mode: 'xml', schema: {} })).toEqual({ mode: 'json_schema', schema: {} });
  });

  it('a freeform-looking object that carries a schema object validates as alternative 2', () => {
    expect(contract({ mode: 'freeform', instructions: 'Write prose', schema: { type: 'string' } })).toEqual({ mode: 'json_schema', schema: { type: 'string' } });
  });

  it('alternative 3: freeform with non-empty instructions', () => {
    expect(contract({ mode: 'freeform', instructions: 'Write a haiku', expectedFormat: 'text', example: 'old pond' }))
      .toEqual({ mode: 'freeform', instructions: 'Write a haiku', expectedFormat: 'text', example: 'old pond' });
    expect(rejectedFields({ ...base, defaultContract: { mode: 'freeform', instructions: '' } })).toEqual(['defaultContract']);
    expect(rejectedFields({ ...base, defaultContract: { mode: 'freeform', instructions: 'x', example: { not: 'a string' } } })).toEqual(['defaultContract']);
  });

  it('rejects a bare JSON Schema, a string, and a schema that is not an object', () => {
    for (const bad of [{ type: 'object', properties: {} }, 'json', { schema: 'object' }, { schema: [] }, { mode: 'json_schema' }]) {
      const result = parseCapabilityRegistration({ ...base, defaultContract: bad });
      expect(result.success).toBe(false);
      if (!result.success) expect(result.issues.fieldErrors.defaultContract).toEqual(['Invalid input']);
    }
  });
});
