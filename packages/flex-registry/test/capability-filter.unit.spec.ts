import { describe, expect, it } from 'vitest';
import type { CapabilityRecord } from '@cafe/shared';
import { filterCapabilities, matchesCapabilityFilter } from '../src/domain/capability-filter';

const record = (overrides: Partial<CapabilityRecord>): CapabilityRecord => ({
  capabilityId: 'c',
  version: '1',
  displayName: 'C',
  summary: 's',
  status: 'active',
  lastSeenAt: '2026-01-01T00:00:00.000Z',
  registeredAt: '2026-01-01T00:00:00.000Z',
  ...overrides,
});

const writer = record({
  capabilityId: 'writer.en',
  inputTraits: { languages: ['en'], formats: ['LinkedIn_Post'], strengths: ['Tone'], limitations: ['no-pdf'] },
  preferredModels: ['gpt-4o-mini'],
  cost: { tier: 'standard' },
  defaultContract: { mode: 'json_schema', schema: {} },
});
const bare = record({ capabilityId: 'bare' });

describe('findActive criteria (docs/flex-registry.md#find-capabilities)', () => {
  it('an empty filter matches everything', () => {
    expect(filterCapabilities([writer, bare], {})).toEqual([writer, bare]);
  });

  it('capabilityIds: membership', () => {
    expect(filterCapabilities([writer, bare], { capabilityIds: ['bare', 'other'] })).toEqual([bare]);
    expect(filterCapabilities([writer, bare], { capabilityIds: [] })).toEqual([]);
  });

  it('language, format, strength: contained, case-insensitively', () => {
    expect(matchesCapabilityFilter(writer, { language: 'EN' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { format: 'linkedin_post' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { strength: 'tone' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { language: 'fr' })).toBe(false);
    expect(matchesCapabilityFilter(bare, { language: 'en' })).toBe(false);
  });

  it('excludeLimitation: records that list it are left out', () => {
    expect(matchesCapabilityFilter(writer, { excludeLimitation: 'no-pdf' })).toBe(false);
    expect(matchesCapabilityFilter(writer, { excludeLimitation: 'no-video' })).toBe(true);
    expect(matchesCapabilityFilter(bare, { excludeLimitation: 'no-pdf' })).toBe(true);
  });

  it('preferredModel, costTier, contractMode: exact', () => {
    expect(matchesCapabilityFilter(writer, { preferredModel: 'gpt-4o-mini' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { preferredModel: 'GPT-4O-MINI' })).toBe(false);
    expect(matchesCapabilityFilter(writer, { costTier: 'standard' })).toBe(true);
    expect(matchesCapabilityFilter(bare, { costTier: 'standard' })).toBe(false);
    expect(matchesCapabilityFilter(writer, { contractMode: 'json_schema' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { contractMode: 'freeform' })).toBe(false);
  });

  it('every criterion must hold', () => {
    expect(matchesCapabilityFilter(writer, { language: 'en', costTier: 'standard' })).toBe(true);
    expect(matchesCapabilityFilter(writer, { language: 'en', costTier: 'premium' })).toBe(false);
  });
});
