import { databaseUnavailableError } from './http/flex-errors';
import type { CapabilityRegistry } from './registry/capability-registry';
import { useFlexRuntime } from './runtime';

/** The registry for a route, once start-up migrations are done; 503 without a database. */
export async function useRegistry(): Promise<CapabilityRegistry> {
  const { registry, db } = useFlexRuntime();
  if (!registry) throw databaseUnavailableError();
  await db.ready;
  return registry;
}
