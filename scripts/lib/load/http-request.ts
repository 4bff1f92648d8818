import http from 'node:http';
import https from 'node:https';

export interface HttpCall {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  agent: http.Agent;
}

/**
 * A keep-alive agent for load generation: sockets are reused across requests (no handshake
 * per request, as a real client pool does) and at most `sockets` are open at once.
 */
export function createKeepAliveAgent(url: URL, sockets: number): http.Agent {
  const options = { keepAlive: true, maxSockets: Math.max(1, sockets), maxFreeSockets: Math.max(1, sockets), scheduling: 'fifo' as const };
  return url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
}

/**
 * Sends one request, reads the whole response and resolves with its status; rejects on a
 * transport error or when the response is not complete within `timeoutMs`. Uses node:http
 * directly: fetch (undici) costs several times the CPU per request, and on two cores the
 * generator's CPU is taken from the server under test.
 */
export function sendRequest(call: HttpCall): Promise<number> {
  return new Promise((resolve, reject) => {
    const transport = call.url.protocol === 'https:' ? https : http;
    let settled = false;
    const finish = (error: Error | null, status = 0) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (error) reject(error);
      else resolve(status);
    };
    const request = transport.request(call.url, { method: call.method, headers: call.headers, agent: call.agent }, (response) => {
      response.on('error', (error) => finish(error));
      response.on('end', () => finish(null, response.statusCode ?? 0));
      response.resume();
    });
    const timer = setTimeout(() => request.destroy(new Error(`no complete response within ${call.timeoutMs} ms`)), call.timeoutMs);
    request.on('error', (error) => finish(error));
    request.end(call.body);
  });
}
