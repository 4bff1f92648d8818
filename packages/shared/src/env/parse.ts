import { z } from 'zod';

/** Thrown when the environment is unusable; `message` is the one line to print. */
export class EnvError extends Error {
  readonly variable: string;

  constructor(variable: string, problem: string, value: unknown, source: string = variable) {
    // Name the fallback that carried the value (API_PORT read from PORT), so the fix is obvious.
    const from = source !== variable ? ` from ${source}` : '';
    const shown = value === undefined ? '' : ` (got ${JSON.stringify(value)}${from})`;
    super(`Invalid environment: ${variable} ${problem}${shown}`);
    this.name = 'EnvError';
    this.variable = variable;
  }
}

export type EnvSource = Record<string, string | undefined>;

/**
 * Parses `source` with an env schema whose keys are variable names. Aliases map a variable
 * to the fallbacks read when it is unset (e.g. API_PORT → PORT). Throws EnvError naming the
 * first bad variable.
 */
export function parseEnvWith<S extends z.ZodRawShape>(
  shape: S,
  source: EnvSource,
  aliases: Partial<Record<keyof S & string, string[]>> = {},
): z.output<z.ZodObject<S>> {
  const input: Record<string, string | undefined> = {};
  const origin: Record<string, string> = {};
  for (const key of Object.keys(shape)) {
    const candidates = [key, ...(aliases[key as keyof S & string] ?? [])];
    const name = candidates.find((candidate) => (source[candidate] ?? '').trim() !== '') ?? key;
    input[key] = source[name];
    origin[key] = name;
  }
  const result = z.object(shape).safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const variable = String(issue.path[0] ?? 'environment');
  throw new EnvError(variable, issue.message, input[variable], origin[variable]);
}

/**
 * Parses the environment for a service at start-up; on failure prints one line naming the
 * variable and exits non-zero, so a misconfigured process never half-starts.
 */
export function loadEnvOrExit<T>(parse: (source: EnvSource) => T, source: EnvSource = process.env): T {
  try {
    return parse(source);
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
