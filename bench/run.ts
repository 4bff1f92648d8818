/**
 * `npm run bench`: the benchmark suite. Starts its own API, realtime and projector on free
 * ports against a scratch database on the machine's Postgres (never a running dev:all), then
 * measures, in one run: this machine's ceilings (pgbench INSERT TPS, node:http req/s), the
 * write path (say), projector lag under that write load, the read path (timeline) and SSE
 * fanout, and webhook delivery (its own stack). Every figure is the median of BENCH_RUNS runs with min and max, shown against its
 * target and as a ratio to its ceiling; the table is printed and everything is saved as JSON
 * under bench/results/. Knobs: see bench/README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchHttpCeiling, benchPgbenchCeiling, type CeilingCase } from './ceilings';
import { runFanoutCases, type FanoutCase } from './lib/fanout-cases';
import { readBenchOptions } from './lib/bench-options';
import { startBenchStack } from './lib/bench-stack';
import { describeMachine, readLoadAverage } from './lib/machine';
import { formatReportTable, makeRow, type ReportRow } from './lib/report-rows';
import { spreadOf, type CaseSummary } from './lib/run-stats';
import type { MeasuredRun } from './lib/measure-load';
import { benchReadPath, READ_PATH, type ReadPathCase } from './read-path';
import { benchReplayPath, REPLAY_PATH, type ReplayPathCase } from './replay-path';
import { benchWebhookDelivery, type WebhookCase } from './webhook-delivery';
import { benchWritePath, type WritePathCase } from './write-path';

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const options = readBenchOptions(process.env);
const loadAtStart = readLoadAverage();
log(`runs ${options.runs} × ${options.seconds} s (+${options.warmupSeconds} s warm-up), concurrency ${options.concurrencies.join('/')}, cases ${[...options.only].join(', ')}; load average ${loadAtStart}`);

const stack = await startBenchStack({ realtime: options.only.has('fanout'), projector: options.only.has('write'), log });
const stopStack = async () => {
  await stack.stop().catch((error: Error) => log(`stop failed: ${error.message}`));
};
process.once('SIGINT', () => void stopStack().then(() => process.exit(130)));

let ceilings: CeilingCase[] = [];
let writes: WritePathCase[] = [];
let reads: ReadPathCase[] = [];
let replays: ReplayPathCase[] = [];
let fanout: FanoutCase[] = [];
let postgresVersion: string | null = null;
try {
  const [version] = await stack.db.sql<{ server_version: string }[]>`show server_version`;
  postgresVersion = version?.server_version ?? null;
  if (options.only.has('ceilings')) ceilings = [...(await benchPgbenchCeiling(stack.db, options, log)), ...(await benchHttpCeiling(options, log))];
  if (options.only.has('write')) writes = await benchWritePath(stack, options, log);
  if (options.only.has('read')) reads = await benchReadPath(stack, options, log);
  if (options.only.has('idempotent-replay')) replays = await benchReplayPath(stack, options, log);
  if (options.only.has('fanout')) fanout = await runFanoutCases(stack, options, log);
} finally {
  await stopStack();
}
// Its own stack: the SSRF guard of a production API would refuse the local receiver.
const webhooks: WebhookCase | null = options.only.has('webhooks') ? await benchWebhookDelivery(options, log) : null;

const ceilingOf = (name: CeilingCase['name'], concurrency: number, label: string) => {
  const found = ceilings.find((item) => item.name === name && item.concurrency === concurrency);
  return found?.perSecond ? { name: label, perSecond: found.perSecond.median } : null;
};
const caseFigures = (summary: CaseSummary) => ({
  perSecond: summary.reqPerSec,
  p50Ms: summary.p50Ms,
  p95Ms: summary.p95Ms,
  p99Ms: summary.p99Ms,
  errorRate: summary.errorRate,
});
const medianLoad = (runs: { loadAverage: number }[]) => spreadOf(runs.map((run) => run.loadAverage))?.median ?? null;
const medianOthers = (runs: { othersCpuPct: number | null }[]) => spreadOf(runs.map((run) => run.othersCpuPct))?.median ?? null;

const rows: ReportRow[] = [];
for (const item of ceilings) {
  const label = { 'pgbench-insert': 'ceiling: pgbench INSERT', 'node-http-get': 'ceiling: node:http GET', 'node-http-post': 'ceiling: node:http POST' }[item.name];
  const measured = item.runs.filter((run): run is MeasuredRun => 'loadAverage' in run);
  rows.push(
    makeRow({
      name: label,
      load: `c=${item.concurrency}`,
      perSecond: item.perSecond,
      p50Ms: null,
      p95Ms: null,
      p99Ms: item.p99Ms,
      errorRate: null,
      loadAverage: measured.length > 0 ? medianLoad(measured) : item.loadAverage,
      othersCpuPct: measured.length > 0 ? medianOthers(measured) : null,
    }),
  );
}
for (const item of writes) {
  rows.push(
    makeRow({
      name: 'write: POST /v1/commands/say',
      load: `c=${item.concurrency}`,
      ...caseFigures(item.summary),
      loadAverage: medianLoad(item.runs),
      othersCpuPct: medianOthers(item.runs),
      target: item.concurrency === 16 ? { label: '≥3,000/s, p99≤25', minPerSecond: 3000, maxP99Ms: 25 } : null,
      ceiling: ceilingOf('pgbench-insert', item.concurrency, 'pgbench'),
    }),
  );
}
for (const item of writes) {
  if (!item.projectorLag) continue;
  rows.push(
    makeRow({
      name: 'projector lag under write load',
      load: `c=${item.concurrency}`,
      perSecond: null,
      p50Ms: spreadOf(item.projectorLag.map((lag) => lag.p50Ms)),
      p95Ms: spreadOf(item.projectorLag.map((lag) => lag.p95Ms)),
      p99Ms: spreadOf(item.projectorLag.map((lag) => lag.p99Ms)),
      errorRate: null,
      loadAverage: medianLoad(item.runs),
      othersCpuPct: medianOthers(item.runs),
      target: { label: 'p99≤100', maxP99Ms: 100 },
    }),
  );
}
for (const item of reads) {
  rows.push(
    makeRow({
      name: `read: GET ${READ_PATH}`,
      load: `c=${item.concurrency}`,
      ...caseFigures(item.summary),
      loadAverage: medianLoad(item.runs),
      othersCpuPct: medianOthers(item.runs),
      target: { label: '≥15,000/s', minPerSecond: 15000 },
      ceiling: ceilingOf('node-http-get', item.concurrency, 'node:http'),
    }),
  );
}
for (const item of replays) {
  rows.push(
    makeRow({
      name: `idempotent replay: POST ${REPLAY_PATH}`,
      load: `c=${item.concurrency}`,
      ...caseFigures(item.summary),
      loadAverage: medianLoad(item.runs),
      othersCpuPct: medianOthers(item.runs),
      target: item.concurrency === 16 ? { label: '≥10,000/s', minPerSecond: 10000 } : null,
      ceiling: ceilingOf('node-http-post', item.concurrency, 'node:http'),
    }),
  );
}
for (const item of fanout) {
  rows.push(
    makeRow({
      name: `fanout (${item.transport}): commit → SSE`,
      load: `${item.subscribers} subs`,
      perSecond: item.deliveriesPerSecond,
      p50Ms: item.p50Ms,
      p95Ms: item.p95Ms,
      p99Ms: item.p99Ms,
      errorRate: null,
      loadAverage: item.loadAverage,
      target: item.subscribers === 1000 ? { label: 'p99≤60', maxP99Ms: 60 } : null,
    }),
  );
}

if (webhooks) {
  rows.push(
    makeRow({
      name: 'webhooks: commit → receiver',
      load: `${webhooks.subscriptions} subs`,
      perSecond: webhooks.deliveriesPerSecond,
      p50Ms: webhooks.p50Ms,
      p95Ms: webhooks.p95Ms,
      p99Ms: webhooks.p99Ms,
      errorRate: null,
      loadAverage: medianLoad(webhooks.runs),
    }),
  );
}

const machine = describeMachine(postgresVersion);
const table = formatReportTable(rows);
process.stdout.write(
  `\nCafe benchmarks — ${new Date().toISOString()}\n` +
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, Postgres ${machine.postgres}\n` +
    `load average at start ${loadAtStart}, at end ${machine.loadAverage.join(' / ')}; runs ${options.runs} × ${options.seconds} s; per s = requests (or TPS, deliveries) per second\n\n` +
    `${table}\n`,
);
const resultsDir = resolve(import.meta.dirname, 'results');
mkdirSync(resultsDir, { recursive: true });
const file = resolve(resultsDir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, `${JSON.stringify({ at: new Date().toISOString(), machine, loadAtStart, options: { ...options, only: [...options.only] }, rows, ceilings, writes, reads, replays, fanout, webhooks }, null, 2)}\n`);
process.stdout.write(`\nsaved ${file}\n`);
