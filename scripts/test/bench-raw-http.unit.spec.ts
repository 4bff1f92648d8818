import { describe, expect, it } from 'vitest';
import { buildRawRequest, parseResponse } from '../../bench/lib/raw-http';

const bytes = (text: string) => Buffer.from(text, 'latin1');

describe('parseResponse', () => {
  it('waits for the whole Content-Length body and reports where the response ends', () => {
    const full = 'HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{"ok":true}';
    expect(parseResponse(bytes(full.slice(0, 40)))).toBeNull();
    expect(parseResponse(bytes(full.slice(0, -1)))).toBeNull();
    expect(parseResponse(bytes(`${full}HTTP/1.1 200 OK`))).toEqual({ status: 202, length: full.length, close: false });
  });

  it('follows chunked bodies to the last chunk, trailers included', () => {
    const head = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n';
    const body = '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n';
    expect(parseResponse(bytes(head + body.slice(0, 12)))).toBeNull();
    expect(parseResponse(bytes(head + body.slice(0, -2)))).toBeNull();
    expect(parseResponse(bytes(head + body))).toEqual({ status: 200, length: head.length + body.length, close: false });
    const trailers = '0\r\nX-Trace: 1\r\n\r\n';
    expect(parseResponse(bytes(head + trailers))?.length).toBe(head.length + trailers.length);
  });

  it('knows bodiless statuses and Connection: close', () => {
    const response = 'HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n';
    expect(parseResponse(bytes(response))).toEqual({ status: 204, length: response.length, close: true });
  });

  it('refuses a body delimited only by the connection closing', () => {
    expect(() => parseResponse(bytes('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nhi'))).toThrow(/neither content-length nor chunked/);
  });
});

describe('buildRawRequest', () => {
  it('writes the request line, Host, the headers and a Content-Length for a body', () => {
    const text = buildRawRequest('POST', new URL('http://127.0.0.1:3850/v1/commands/say?x=1'), { 'idempotency-key': 'k1' }, '{"a":"é"}').toString('latin1');
    expect(text).toBe('POST /v1/commands/say?x=1 HTTP/1.1\r\nhost: 127.0.0.1:3850\r\nidempotency-key: k1\r\ncontent-length: 10\r\n\r\n{"a":"Ã©"}');
  });

  it('sends no Content-Length without a body', () => {
    expect(buildRawRequest('GET', new URL('http://h:1/healthz'), {}).toString()).toBe('GET /healthz HTTP/1.1\r\nhost: h:1\r\n\r\n');
  });
});
