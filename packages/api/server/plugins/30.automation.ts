import { defineNitroPlugin } from 'nitropack/runtime';
import { startAutomation } from '../../src/automation';
import { useApiRuntime } from '../../src/runtime';

/** Starts webhook delivery and the reaction engine; stops them before the pool closes. */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useApiRuntime();
  if (!runtime.db.sql) return;
  const automation = startAutomation(runtime);
  nitroApp.hooks.hook('close', () => automation.stop());
});
