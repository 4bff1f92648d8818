import type { H3Event } from 'h3';
import { CafeError } from '@cafe/shared';
import { secretsEqual } from '@cafe/http';

/**
 * Who is calling, as far as tokens can tell (the API has no per-actor identity,
 * docs/http.md#authentication): `operator` when the request presented OPERATOR_AUTH_TOKEN, else `agent`.
 */
export type CallerRole = 'operator' | 'agent';

/** The role a presented token earns; only an exact (constant-time) operator-token match is operator. */
export function resolveCallerRole(presented: string | undefined, operatorToken: string | undefined): CallerRole {
  return operatorToken && presented && secretsEqual(presented, operatorToken) ? 'operator' : 'agent';
}

/** Stores the caller's role on the request (set once, by the auth middleware). */
export function setCallerRole(event: H3Event, role: CallerRole): void {
  event.context.cafeRole = role;
}

/** The role the auth middleware recorded; `agent` when it recorded none. */
export function getCallerRole(event: H3Event): CallerRole {
  return event.context.cafeRole === 'operator' ? 'operator' : 'agent';
}

/**
 * Granting permissions and operator actions need the operator credential once one is
 * configured; with OPERATOR_AUTH_TOKEN unset the API token stays the trust boundary (see
 * docs/policies.md#permissions), so local dev without tokens stays open. 403, not 401: the caller
 * is authenticated, just not allowed.
 */
export function assertOperatorRole(role: CallerRole, operatorToken: string | undefined, action: string): void {
  if (!operatorToken || role === 'operator') return;
  throw new CafeError('ERR_FORBIDDEN', 'Operator credential required', { action, requiredRole: 'operator' });
}
