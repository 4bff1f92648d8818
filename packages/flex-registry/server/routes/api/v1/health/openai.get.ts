import { defineEventHandler } from 'h3';
import { probeOpenAi } from '../../../../../src/health-openai';
import { useFlexRuntime } from '../../../../../src/runtime';

/** docs/flex-registry.md#health: OpenAI probe, always 200. */
export default defineEventHandler(() => {
  const { env } = useFlexRuntime();
  return probeOpenAi({ apiKey: env.FLEX_OPENAI_API_KEY, model: env.FLEX_OPENAI_DEFAULT_MODEL });
});
