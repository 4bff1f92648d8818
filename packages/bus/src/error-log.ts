/** The logger shape the bus needs (winston's Logger fits). */
export interface BusLogger {
  info(message: string, meta?: Record<string, unknown>): unknown;
  warn(message: string, meta?: Record<string, unknown>): unknown;
  error(message: string, meta?: Record<string, unknown>): unknown;
}

/**
 * Logs errors of one component at most once per `intervalMs` per message: during a Redis or
 * Postgres outage the retry loops fail every few hundred milliseconds and would flood logs.
 */
export function createErrorReporter(logger: BusLogger | undefined, component: string, intervalMs = 10_000): (error: Error) => void {
  const lastLogged = new Map<string, number>();
  return (error) => {
    const now = Date.now();
    const last = lastLogged.get(error.message) ?? 0;
    if (now - last < intervalMs) return;
    lastLogged.set(error.message, now);
    if (lastLogged.size > 100) lastLogged.clear();
    logger?.warn(`${component}: ${error.message}`, { component });
  };
}
