import { customType } from 'drizzle-orm/pg-core';

/**
 * Postgres `xid8` (64-bit transaction id). The events table stores the writer's transaction id
 * so readers can stay below the commit horizon (DESIGN.md invariant 3). Read as a string.
 */
export const xid8 = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'xid8';
  },
});
