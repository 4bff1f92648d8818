export type OpenAiHealth =
  | { ok: false; configured: false; error: string }
  | { ok: true; configured: true; model: string; durationMs: number; reply: string }
  | { ok: false; configured: true; model: string; durationMs: number; error: string };

export interface OpenAiProbeOptions {
  apiKey: string | undefined;
  model: string;
  /** Chat completions endpoint; tests point it at a local server. */
  url?: string;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

const DEFAULT_URL = 'https://api.openai.com/v1/chat/completions';

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}

/**
 * `GET /api/v1/health/openai` (docs/flex-registry.md#health): without a key, the documented not-configured body;
 * with one, a tiny chat completion with the default model. Any failure (network, timeout,
 * non-2xx, odd body) is reported as `ok: false`, never thrown.
 */
export async function probeOpenAi(options: OpenAiProbeOptions): Promise<OpenAiHealth> {
  if (!options.apiKey) return { ok: false, configured: false, error: 'FLEX_OPENAI_API_KEY not set' };
  const { model } = options;
  const startedAt = performance.now();
  const elapsed = () => Math.round(performance.now() - startedAt);
  try {
    const response = await (options.fetchImpl ?? fetch)(options.url ?? DEFAULT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.apiKey}` },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Reply with the word pong.' }], max_tokens: 5 }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const text = await response.text();
    if (!response.ok) return { ok: false, configured: true, model, durationMs: elapsed(), error: `HTTP ${response.status}: ${text.slice(0, 300)}` };
    const body = JSON.parse(text) as { choices?: Array<{ message?: { content?: unknown } }> };
    const reply = body.choices?.[0]?.message?.content;
    if (typeof reply !== 'string') return { ok: false, configured: true, model, durationMs: elapsed(), error: 'response carried no reply' };
    return { ok: true, configured: true, model, durationMs: elapsed(), reply };
  } catch (error) {
    return { ok: false, configured: true, model, durationMs: elapsed(), error: describe(error) };
  }
}
