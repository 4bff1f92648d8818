/** The environment as scripts see it. */
export type EnvSource = Record<string, string | undefined>;

/**
 * A number variable (see .env.example): `Number(value)`, falling back to the default when the
 * value is missing, blank or not a finite number, then raised to `min` when one is given.
 */
export function readNumberVar(env: EnvSource, name: string, fallback: number, min?: number): number {
  const raw = env[name];
  const parsed = raw === undefined || raw.trim() === '' ? Number.NaN : Number(raw);
  const value = Number.isFinite(parsed) ? parsed : fallback;
  return min !== undefined ? Math.max(min, value) : value;
}

/** A string variable: trimmed, with the default when missing or blank. */
export function readStringVar(env: EnvSource, name: string, fallback: string): string {
  const value = env[name]?.trim();
  return value ? value : fallback;
}
