import { appendEvents, type Sql } from '@cafe/db';
import type { EventEnvelope } from '@cafe/shared';
import type { StatusTransition } from '../domain/status-transition';
import type { Transaction } from '../repository/queryable';
import { toStatusChangedEvent } from './status-event';

/**
 * Appends one event per transition. Must run before any other write of the transaction
 * (appendEvents' rule): callers lock and read first, publish, then write the rows.
 */
export async function publishTransitions(tx: Transaction, transitions: StatusTransition[], tenantId: string): Promise<EventEnvelope[]> {
  if (transitions.length === 0) return [];
  // appendEvents is typed for a pool; a transaction handle runs the same queries.
  return appendEvents(tx as unknown as Sql, transitions.map((transition) => toStatusChangedEvent(transition, tenantId)));
}
