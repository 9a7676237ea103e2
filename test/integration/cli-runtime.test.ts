import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { openArchive } from '../../lib/cli/runtime.ts';

const run = promisify(execFile);

/** Asks the endpoint until it stops answering; true once the connection is refused. */
async function refusedSoon(endpoint: string): Promise<boolean> {
  const client = new DynamoDBClient({ endpoint, maxAttempts: 1 });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
      } catch (err) {
        if (/ECONNREFUSED/.test(String((err as Error & { code?: string }).code ?? err))) return true;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  } finally {
    client.destroy();
  }
}

describe('openArchive', () => {
  it('stops the local DynamoDB when the process crashes', async () => {
    // Prepare: a process that opens a local archive, prints its endpoint, then dies of an uncaught error.
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { openArchive } = await import('./lib/cli/runtime.ts');
      await openArchive({ inMemory: true });
      console.log(process.env.AWS_ENDPOINT_URL_DYNAMODB);
      throw new Error('crash after opening');`;
    // Act
    const result = await run(process.execPath, ['--input-type=module', '-e', script], { env: process.env }).then(
      () => ({ code: 0, stdout: '' }),
      (e: { code: number; stdout: string }) => e,
    );
    // Assess
    const endpoint = result.stdout.trim();
    expect(result.code).toBe(1);
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await refusedSoon(endpoint)).toBe(true);
  }, 90_000);

  it('leaves no exit or signal hooks behind once closed', async () => {
    // Prepare
    const before = ['exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
    // Act
    const archive = await openArchive({ store: 'aws', table: 'unused' });
    const open = ['exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e));
    await archive.close();
    // Assess
    expect(open).toEqual(before.map((n) => n + 1));
    expect(['exit', 'SIGINT', 'SIGTERM'].map((e) => process.listenerCount(e))).toEqual(before);
  });
});
