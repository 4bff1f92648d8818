import { randomUUID } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** A tiny HTTP client for e2e tests against a running API. */
export function createApiClient(baseUrl: string, defaults: Record<string, string> = {}) {
  async function request<T = any>(method: string, path: string, options: { body?: unknown; rawBody?: string; key?: string | null; headers?: Record<string, string> } = {}): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...defaults, ...(options.headers ?? {}) };
    if (options.body !== undefined || options.rawBody !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && options.key !== null) headers['idempotency-key'] = options.key ?? randomUUID();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.rawBody ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined),
    });
    const text = await response.text();
    let body: T;
    try {
      body = JSON.parse(text) as T;
    } catch {
      body = undefined as T;
    }
    return { status: response.status, headers: response.headers, text, body };
  }
  return {
    request,
    get: <T = any>(path: string, headers?: Record<string, string>) => request<T>('GET', path, { headers }),
    post: <T = any>(path: string, body?: unknown, key?: string | null, headers?: Record<string, string>) => request<T>('POST', path, { body, key, headers }),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;
