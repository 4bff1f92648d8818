import { CafeError } from '@cafe/shared';

/** The CafeError a synchronous call throws (fails the test if it returns or throws something else). */
export function errorOf(fn: () => unknown): CafeError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CafeError) return error;
    throw error;
  }
  throw new Error('expected a CafeError');
}
