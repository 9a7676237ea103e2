import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/**
 * One logger and one metrics buffer per function, built at cold start. Service name, namespace and log level
 * come from the POWERTOOLS_* variables the house construct sets, so the same code serves every function.
 */
export const logger = new Logger();
export const metrics = new Metrics();
