// Calls to the command API from the page. The token rides in the x-api-key header of each
// request, so it never lands in a URL, a history entry or an access log.

/** A v4 UUID; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newIdempotencyKey(cryptoImpl = globalThis.crypto) {
  if (typeof cryptoImpl.randomUUID === 'function') return cryptoImpl.randomUUID();
  const bytes = cryptoImpl.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An API failure with the catalogue's code and message (or the transport's). */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** `getToken()` is read at each call, so a token typed later applies to the next request. */
export function createApiClient(baseUrl, getToken) {
  async function call(method, path, { query, body } = {}) {
    const url = new URL(baseUrl + path);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
    }
    const headers = { accept: 'application/json' };
    const token = getToken();
    if (token) headers['x-api-key'] = token;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['idempotency-key'] = newIdempotencyKey();
    }
    let response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
    } catch (error) {
      throw new ApiError(0, 'ERR_NETWORK', `API unreachable at ${baseUrl} (${error.message})`);
    }
    const json = await response.json().catch(() => null);
    if (!response.ok) {
      const failure = json?.error ?? {};
      throw new ApiError(response.status, failure.code ?? `HTTP_${response.status}`, failure.message ?? response.statusText);
    }
    return json?.data ?? json;
  }
  return {
    get: (path, query) => call('GET', path, { query }),
    post: (path, body) => call('POST', path, { body }),
  };
}
