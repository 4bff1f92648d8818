import { customType } from 'drizzle-orm/pg-core';

/**
 * Postgres `xid8` (64-bit transaction id). The events table stores the writer's transaction id
 * so readers can stay below the commit horizon (docs/architecture.md#the-commit-ordered-cursor). Read as a string.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'xid8';
  },
});
