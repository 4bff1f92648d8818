import { runApiLoad, runWarmup } from './lib/load/api-load';
import { evaluateGate } from './lib/load/gate';
import { readLoadConfig } from './lib/load/load-config';
import { runStreamFanout } from './lib/load/stream-ready';

// `npm run runtime:load`: the load + SLO gate of docs/performance.md#load--slo-gate-npm-run-runtimeload against a running API.
// Prints one JSON document { config, api, stream, gate } on stdout; exit 0 when the gate
// passes, 1 when it fails or anything goes wrong (message on stderr).
//
// The API's rate limit (120 requests per minute per client and path by default) turns most of
// a load run into 429s, so start the target with a raised limit for load runs:
//   API_RATE_LIMIT_PER_MIN=1000000 npm run start:all
// When a run saw 429s, a hint saying so goes to stderr.

const { config, apiKey } = readLoadConfig(process.env);
const headers: Record<string, string> = { accept: 'application/json', ...(apiKey ? { 'x-api-key': apiKey } : {}) };

try {
  await runWarmup(config, headers);
  const api = await runApiLoad(config, headers);
  const stream = await runStreamFanout(config, headers);
  const gate = evaluateGate(config, api.summary, stream.summary);
  process.stdout.write(`${JSON.stringify({ config, api: api.summary, stream: stream.summary, gate }, null, 2)}\n`);
  if (api.summary.errors > 0) process.stderr.write(`api outcomes: ${JSON.stringify(api.outcomes)}\n`);
  if (stream.summary.errors > 0) process.stderr.write(`stream failures: ${JSON.stringify(stream.failures)}\n`);
  if ((api.outcomes['429'] ?? 0) > 0 || (stream.failures['status 429'] ?? 0) > 0) {
    process.stderr.write('the target rate-limited the run: start it with a raised API_RATE_LIMIT_PER_MIN (e.g. API_RATE_LIMIT_PER_MIN=1000000 npm run start:all)\n');
  }
  process.exitCode = gate.pass ? 0 : 1;
} catch (error) {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
}
