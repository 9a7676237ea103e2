import middy, { type MiddlewareObj } from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';

/**
 * One logger and one metrics buffer per function, built at cold start. Service name, namespace and log level
 * come from the POWERTOOLS_* variables the house construct sets, so the same code serves every function.
 */
export const logger = new Logger();
export const metrics = new Metrics();

/**
 * Every entry point is wrapped the same way (Middy, as Powertools documents): the Lambda context on every log line,
 * an error logged with that context when the handler throws, and metrics flushed whether it returns or throws.
 * Middy's early timeout is off: a handler it "ends" early keeps running in the frozen environment and would resume
 * beside Lambda's retry of the same event; a real Lambda timeout resets the environment instead (and Lambda logs
 * `Status: timeout` with the request id itself).
 */
export function withPowertools<E, R>(handler: (event: E, context: Context) => Promise<R>) {
  return middy<E, R, Error, Context>(handler, { timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(flushMetrics(metrics))
    .use(logInvocationError());
}

/**
 * Publishes what the handler recorded, after it returns or throws. Unlike Powertools' `logMetrics` it stays silent
 * when nothing was recorded: problem metrics are only emitted when non-zero (a metric costs nothing in an hour it
 * has no data), so most invocations have none, and an empty-metrics warning on each would bury real warnings.
 */
export function flushMetrics(target: Metrics): MiddlewareObj {
  const flush = () => {
    if (target.hasStoredMetrics()) target.publishStoredMetrics();
  };
  return { after: flush, onError: flush };
}

/** Logs a thrown error while the request's context keys are still attached; Middy rethrows it. */
function logInvocationError(): MiddlewareObj<unknown, unknown, Error> {
  return {
    onError: (request) => {
      logger.error('invocation failed', request.error ?? new Error('unknown error'));
    },
  };
}
