import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CANDIDATES = ['/usr/lib/postgresql/15/bin/pgbench', '/usr/bin/pgbench'];

/** The pgbench binary: PGBENCH, else the Postgres 15 server's own, else the one on PATH. */
export function findPgbench(): string {
  return process.env.PGBENCH || CANDIDATES.find((path) => existsSync(path)) || 'pgbench';
}

export interface PgbenchResult {
  tps: number;
  latencyAvgMs: number | null;
  transactions: number;
}

/**
 * Pulls tps, average latency and the transaction count out of pgbench's report. Throws when
 * there is no tps line (pgbench failed and said why above it).
 */
export function parsePgbenchOutput(output: string): PgbenchResult {
  const tps = output.match(/^tps = ([\d.]+)/m);
  if (!tps) throw new Error(`pgbench printed no tps:\n${output.slice(-600)}`);
  const latency = output.match(/^latency average = ([\d.]+) ms/m);
  const transactions = output.match(/^number of transactions actually processed: (\d+)/m);
  return { tps: Math.round(Number(tps[1])), latencyAvgMs: latency ? Number(latency[1]) : null, transactions: transactions ? Number(transactions[1]) : 0 };
}

/**
 * Runs pgbench with a custom script: `clients` connections (two threads, one per core) for
 * `seconds`, prepared statements, no vacuum. The script is one single-row INSERT per
 * transaction into a table the caller created, each commit waiting for its WAL flush as the
 * API's commits do: the most the database can commit one row at a time at that concurrency.
 */
export async function runPgbenchInserts(databaseUrl: string, table: string, clients: number, seconds: number): Promise<PgbenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cafe-pgbench-'));
  const script = join(dir, 'insert.sql');
  writeFileSync(script, `\\set k random(1, 1000000000)\ninsert into ${table} (k, note) values (:k, 'ceiling');\n`);
  try {
    const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(2, clients)), '-T', String(seconds), '-f', script, databaseUrl];
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(findPgbench(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`pgbench exited with ${code}:\n${text.slice(-600)}`))));
    });
    return parsePgbenchOutput(output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
