import { z } from 'zod';
import { ConfigError } from '../../lib/config/errors.ts';

/**
 * Reads and validates this function's environment once, at cold start: a missing variable fails the first
 * invocation loudly (and trips the errors alarm) rather than half-working.
 */
export function readEnv<T extends z.ZodRawShape>(shape: T): z.infer<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(process.env);
  if (!result.success) {
    throw new ConfigError('(environment)', result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return result.data;
}
