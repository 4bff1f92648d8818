import type { ApiRuntime } from '../runtime';
import { createStreamRegistry, type StreamRegistry } from './stream-registry';

let registry: StreamRegistry | undefined;

/** The market-events streams of this process (cap API_STREAM_MAX_CLIENTS, one heartbeat timer). */
export function useApiStreams(runtime: ApiRuntime): StreamRegistry {
  registry ??= createStreamRegistry({ maxClients: runtime.env.API_STREAM_MAX_CLIENTS, heartbeatMs: runtime.env.API_STREAM_HEARTBEAT_MS });
  return registry;
}

/** The registry if a stream was ever opened (health reports it without creating one). */
export function peekApiStreams(): StreamRegistry | undefined {
  return registry;
}
