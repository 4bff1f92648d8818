import { describe, expect, it } from 'vitest';
import { readRollbackConfig } from '../lib/load/rollback-config';
import { buildRollbackChecklist, describeTargets } from '../lib/load/rollback-checklist';
import { judgeHealthAnswer } from '../lib/load/rollback-probes';

describe('readRollbackConfig', () => {
  it('defaults to dry-run against the local API and realtime, without a world server', () => {
    const config = readRollbackConfig({});
    expect(config).toEqual({ mode: 'dry-run', worldUrl: null, apiUrl: 'http://127.0.0.1:3850', realtimeUrl: 'http://127.0.0.1:3851', timeoutMs: 4000 });
    expect(describeTargets(config)).toEqual({ world: null, api: 'http://127.0.0.1:3850', realtime: 'http://127.0.0.1:3851' });
  });

  it('trims and lower-cases the mode, keeps an explicit world URL and floors the timeout at 500', () => {
    const config = readRollbackConfig({ ROLLBACK_DRILL_MODE: '  PROBE ', ROLLBACK_WORLD_URL: 'http://world:3846', ROLLBACK_DRILL_TIMEOUT_MS: '10' });
    expect(config.mode).toBe('probe');
    expect(config.worldUrl).toBe('http://world:3846');
    expect(config.timeoutMs).toBe(500);
  });
});

describe('buildRollbackChecklist', () => {
  it('is the fixed four steps, all passing', () => {
    const checks = buildRollbackChecklist(readRollbackConfig({}));
    expect(checks.map((check) => check.name)).toEqual(['capture_incident_context', 'prepare_write_safety', 'rollback_order', 'post_rollback_validation']);
    expect(checks.every((check) => check.pass === true && check.notes.length > 0)).toBe(true);
  });
});

describe('judgeHealthAnswer', () => {
  it('passes a 2xx unless its JSON body says ok: false', () => {
    expect(judgeHealthAnswer(200, '{"ok":true}')).toBeNull();
    expect(judgeHealthAnswer(204, '')).toBeNull();
    expect(judgeHealthAnswer(200, 'plain text')).toBeNull();
    expect(judgeHealthAnswer(200, '{"ok":false}')).toBe('health body says ok: false');
    expect(judgeHealthAnswer(503, '{"ok":true}')).toBe('HTTP 503');
  });
});
