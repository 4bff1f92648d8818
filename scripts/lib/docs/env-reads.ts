import { readFileSync } from 'node:fs';

/**
 * The ways the code reads an environment variable: `process.env.<NAME>` (or `['<NAME>']`),
 * `env.<NAME>` / `source.<NAME>` on an environment record, the load gate's and bench's
 * `readNumberVar(env, '<NAME>', …)`, and under `packages/shared/src/env/` the keys of the zod
 * env schemas (`<NAME>: intVar(…)`) and the quoted fallback names (`['AGENTCAFE_RUNTIME_API_KEY']`).
 */
const READ_PATTERNS = [
  /process\.env\[['"]([A-Z][A-Z0-9_]+)/g,
  /\b(?:env|source)\.([A-Z][A-Z0-9_]+)/g,
  /read(?:Number|String)Var\(\s*\w+,\s*'([A-Z][A-Z0-9_]+)'/g,
];
const SCHEMA_PATTERNS = [/^\s+([A-Z][A-Z0-9_]+):\s/gm, /'([A-Z][A-Z0-9_]+)'/g];
const ENV_SCHEMA_DIR = /packages\/shared\/src\/env\//;

/** The variable names one source file reads. */
export function envReadsOf(path: string, source: string = readFileSync(path, 'utf8')): string[] {
  const patterns = ENV_SCHEMA_DIR.test(path) ? [...READ_PATTERNS, ...SCHEMA_PATTERNS] : READ_PATTERNS;
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]!));
}

/** The variable names `.env.example` lists, set (`NAME=…`) or commented out (`# NAME=…`). */
export function envExampleNames(example: string): string[] {
  return [...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]!);
}
