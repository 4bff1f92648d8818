import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { AttemptOutcome } from './retry-schedule';
import { guardedLookup } from './check-target';
import { isRefusedAddress } from './ssrf-guard';
import type { SignedRequest } from './sign-webhook';

const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/**
 * One POST to a target (docs/api.md#webhook-subscriptions–1.5): 2xx is success (`statusCode`), anything else, a transport
 * error or the timeout is a failure (`HTTP <status>` or the transport message). With the SSRF
 * guard on, the socket may only connect to an address the guard accepts.
 */
export function sendWebhookAttempt(targetUrl: string, request: SignedRequest, options: { timeoutMs: number; guard: boolean }): Promise<AttemptOutcome & { durationMs: number }> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), options.timeoutMs);
    const finish = (outcome: AttemptOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: performance.now() - startedAt });
    };
    let url: URL;
    try {
      url = new URL(targetUrl);
    } catch {
      finish({ ok: false, error: 'invalid target URL' });
      return;
    }
    // A literal address is connected without any lookup, so the guard checks it here.
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (options.guard && isIP(host) && isRefusedAddress(host)) {
      finish({ ok: false, error: `target address refused by the SSRF guard (${host})` });
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const req = transport.request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': Buffer.byteLength(request.body) },
      agent: agents[url.protocol as 'http:' | 'https:'],
      signal: deadline.signal,
      ...(options.guard ? { lookup: guardedLookup as never } : {}),
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on('end', () => finish(status >= 200 && status < 300 ? { ok: true, statusCode: status } : { ok: false, error: `HTTP ${status}` }));
      res.on('error', (error) => finish({ ok: false, error: deadline.signal.aborted ? `timeout after ${options.timeoutMs}ms` : error.message }));
      // Closed before the end (after 'end' this is a no-op): the deadline, or the target hung up.
      res.on('close', () => finish({ ok: false, error: deadline.signal.aborted ? `timeout after ${options.timeoutMs}ms` : 'connection closed before the response ended' }));
    });
    req.on('error', (error) => finish({ ok: false, error: deadline.signal.aborted ? `timeout after ${options.timeoutMs}ms` : error.message || String(error) }));
    req.end(request.body);
  });
}
