import { Writable } from 'node:stream';
import winston from 'winston';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/index';

/** Silences the console and adds a transport that collects the formatted lines, as the console would print them. */
function capture(logger: winston.Logger): string[] {
  const lines: string[] = [];
  // The factory's console transport would only add noise to the test output.
  for (const transport of logger.transports) transport.silent = true;
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk).trim());
      done();
    },
  });
  logger.add(new winston.transports.Stream({ stream }));
  return lines;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('createLogger', () => {
  it('writes JSON lines with service, level and message by default', async () => {
    const logger = createLogger({ service: 'agentcafe-api', level: 'info' });
    const lines = capture(logger);
    logger.info('hello', { port: 3850 });
    await flush();
    const line = JSON.parse(lines.at(-1)!);
    expect(line).toMatchObject({ service: 'agentcafe-api', level: 'info', message: 'hello', port: 3850 });
    expect(typeof line.timestamp).toBe('string');
  });

  it('puts request id and correlation id on every line of a request logger', async () => {
    const logger = createLogger({ service: 'agentcafe-api', format: 'json', level: 'http' });
    const lines = capture(logger);
    const requestLog = logger.child({ requestId: 'req-7', correlationId: 'corr-9' });
    requestLog.http('request', { method: 'GET', path: '/healthz', status: 200 });
    requestLog.warn('slow');
    await flush();
    for (const raw of lines) expect(JSON.parse(raw)).toMatchObject({ requestId: 'req-7', correlationId: 'corr-9' });
    expect(lines).toHaveLength(2);
  });

  it('writes one readable line with LOG_FORMAT=pretty', async () => {
    const logger = createLogger({ service: 'agentcafe-realtime', format: 'pretty', level: 'info' });
    const lines = capture(logger);
    logger.info('started', { port: 3851 });
    await flush();
    // eslint-disable-next-line no-control-regex
    const plain = lines.at(-1)!.replace(/\u001b\[[0-9;]*m/g, '');
    expect(plain).toMatch(/^\d\d:\d\d:\d\d\.\d{3} info \[agentcafe-realtime\] started \{"port":3851\}$/);
  });

  it('never prints values of credential-like keys', async () => {
    const logger = createLogger({ service: 'agentcafe-api', format: 'json', level: 'info' });
    const lines = capture(logger);
    logger.info('config', { apiToken: 's3cret-1', password: 's3cret-2', authorization: 'Bearer s3cret-3', apiKey: 's3cret-4', port: 1 });
    await flush();
    expect(lines.join('\n')).not.toMatch(/s3cret/);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ apiToken: '[redacted]', port: 1 });
  });

  it('honours the level', async () => {
    const logger = createLogger({ service: 's', format: 'json', level: 'warn' });
    const lines = capture(logger);
    logger.info('hidden');
    logger.warn('shown');
    await flush();
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['shown']);
  });
});
