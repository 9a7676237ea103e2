import type { Context } from 'aws-lambda';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

type Printed = { level?: string; message?: string; function_request_id?: string; error?: { name: string }; Failures?: number };
let output: Printed[] = [];
let powertools: typeof import('../../../functions/commons/powertools.ts');

beforeAll(async () => {
  // Metrics on (the suite turns them off), built after the environment is set, as at a cold start.
  Object.assign(process.env, { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_METRICS_NAMESPACE: 'InquiryWatch', POWERTOOLS_SERVICE_NAME: 'test-fn', POWERTOOLS_LOG_LEVEL: 'INFO' });
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((line: unknown) => void output.push(JSON.parse(String(line)) as Printed));
  }
  powertools = await import('../../../functions/commons/powertools.ts');
});

afterEach(() => {
  output = [];
});

const context = (remainingMs: number) =>
  ({ functionName: 'test-fn', awsRequestId: 'req-1', getRemainingTimeInMillis: () => remainingMs }) as unknown as Context;

describe('withPowertools', () => {
  it('flushes the metrics recorded before a handler throws, and logs the error with the invocation context', async () => {
    // Prepare
    const handler = powertools.withPowertools(async () => {
      powertools.metrics.addMetric('Failures', MetricUnit.Count, 1);
      throw new Error('boom');
    });

    // Act
    const attempt = handler({}, context(60_000));

    // Assess
    await expect(attempt).rejects.toThrow('boom');
    expect(output.find((p) => p.level === 'ERROR')).toMatchObject({ message: 'invocation failed', function_request_id: 'req-1', error: { name: 'Error' } });
    expect(output.find((p) => 'Failures' in p)?.Failures).toBe(1);
  });

  it('never ends a handler before Lambda does, so a timed-out run cannot resume beside its retry', async () => {
    // Prepare: Lambda says there is almost no time left; the handler still needs a little.
    const handler = powertools.withPowertools(async () => {
      await new Promise((r) => setTimeout(r, 50));
      return 'finished';
    });

    // Act
    const result = await handler({}, context(1));

    // Assess
    expect(result).toBe('finished');
  });

  it('prints nothing for metrics when an invocation recorded none (problems are only metrics when they happen)', async () => {
    // Prepare
    const handler = powertools.withPowertools(async () => 'done');

    // Act
    const result = await handler({}, context(60_000));

    // Assess
    expect(result).toBe('done');
    expect(output).toEqual([]);
  });
});
