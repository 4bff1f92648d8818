import { describe, expect, it } from 'vitest';
import { evaluateGate, tallyApi, tallyStream } from '../lib/load/gate';
import { readLoadConfig } from '../lib/load/load-config';
import { summarizeLatencies } from '../lib/load/percentile';

const { config } = readLoadConfig({});

describe('readLoadConfig', () => {
  it('has the defaults of docs/performance.md#load--slo-gate-npm-run-runtimeload', () => {
    expect(config).toEqual({
      targetUrl: 'http://127.0.0.1:3850',
      streamUrl: 'http://127.0.0.1:3850',
      apiPath: '/healthz',
      apiPathAlt: '/v1/events?limit=5',
      streamPath: '/v1/streams/market-events',
      durationMs: 15000,
      concurrency: 20,
      warmupRequests: 10,
      requestTimeoutMs: 5000,
      streamFanout: 40,
      streamTimeoutMs: 6000,
      sloApiP95Ms: 200,
      sloApiP99Ms: 500,
      sloApiErrorRateMax: 0.01,
      sloStreamReadyP95Ms: 1200,
      sloStreamSuccessRateMin: 0.98,
      apiKeySet: false,
    });
  });

  it('parses numbers with Number() and falls back on blank or non-numeric values', () => {
    const { config: parsed, apiKey } = readLoadConfig({
      SLO_API_P95_MS: '0.001',
      LOAD_CONCURRENCY: 'lots',
      LOAD_DURATION_MS: ' ',
      LOAD_STREAM_FANOUT: '0',
      LOAD_TARGET_URL: 'http://api:9000',
      LOAD_API_KEY: 'k',
    });
    expect(parsed.sloApiP95Ms).toBe(0.001);
    expect(parsed.concurrency).toBe(20);
    expect(parsed.durationMs).toBe(15000);
    expect(parsed.streamFanout).toBe(0);
    expect(parsed.streamUrl).toBe('http://api:9000');
    expect(parsed.apiKeySet).toBe(true);
    expect(apiKey).toBe('k');
    expect(JSON.stringify(parsed)).not.toContain('"k"');
  });
});

describe('evaluateGate', () => {
  const fast = summarizeLatencies([5, 6, 7, 8, 9, 10]);

  it('passes when every check is within its bound', () => {
    const gate = evaluateGate(config, tallyApi(fast, 6, 0), tallyStream(fast, 6, 0));
    expect(gate.pass).toBe(true);
    expect(gate.checks.map((check) => check.name)).toEqual(['api_p95', 'api_p99', 'api_error_rate', 'stream_ready_p95', 'stream_success_rate']);
    expect(gate.checks[0]).toEqual({ name: 'api_p95', actual: 10, expected: 200, pass: true });
  });

  it('fails a single check and therefore the gate', () => {
    const strict = { ...config, sloApiP95Ms: 0.001 };
    const gate = evaluateGate(strict, tallyApi(fast, 6, 0), tallyStream(fast, 6, 0));
    expect(gate.pass).toBe(false);
    expect(gate.checks.filter((check) => !check.pass).map((check) => check.name)).toEqual(['api_p95']);
  });

  it('compares the error rate inclusively and the success rate as a minimum', () => {
    const api = tallyApi(fast, 100, 1);
    expect(api.errorRate).toBe(0.01);
    const stream = tallyStream(fast, 50, 1);
    expect(stream.successRate).toBe(0.98);
    expect(evaluateGate(config, api, stream).pass).toBe(true);
    expect(evaluateGate(config, tallyApi(fast, 100, 2), stream).pass).toBe(false);
    expect(evaluateGate(config, api, tallyStream(fast, 50, 2)).pass).toBe(false);
  });

  it('fails empty runs: null percentiles, error rate 1, success rate 0', () => {
    const none = summarizeLatencies([]);
    const api = tallyApi(none, 0, 0);
    const stream = tallyStream(none, 0, 0);
    expect(api.errorRate).toBe(1);
    expect(stream.successRate).toBe(0);
    const gate = evaluateGate(config, api, stream);
    expect(gate.pass).toBe(false);
    expect(gate.checks.every((check) => !check.pass)).toBe(true);
    expect(gate.checks[0]!.actual).toBeNull();
  });
});
