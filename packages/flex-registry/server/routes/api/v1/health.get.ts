import { defineEventHandler } from 'h3';
import { getFlexHealth } from '../../../../src/health';
import { useFlexRuntime } from '../../../../src/runtime';

export default defineEventHandler(async () => {
  const runtime = useFlexRuntime();
  const health = await getFlexHealth(runtime);
  runtime.logger.info('health_probe', {
    status: health.status,
    dbOk: health.services.database.ok,
    openaiConfigured: health.services.openai.configured,
  });
  return health;
});
