import { randomBytes } from 'node:crypto';
import { GetParameterCommand, ParameterAlreadyExists, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';

/**
 * The query API's cursor-signing key, an SSM SecureString the query function creates itself on its first cold
 * start (a random 256-bit key, never in the template, the function's configuration or anyone's hands). Why not a
 * Secrets Manager secret: it would cost $0.40 a month, a fifth of the budget, for a key that only keeps paging
 * cursors honest. Two cold starts racing both try to create it; the loser reads the winner's.
 */
export async function loadCursorKey(name: string, ssm = new SSMClient({})): Promise<string> {
  const read = async () => (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
  try {
    const key = await read();
    if (key) return key;
  } catch (err) {
    if (!(err instanceof ParameterNotFound)) throw err;
  }
  const key = randomBytes(32).toString('base64url');
  try {
    await ssm.send(
      new PutParameterCommand({
        Name: name,
        Value: key,
        Type: 'SecureString',
        Overwrite: false,
        Description: 'HMAC key for Inquiry Watch query API cursors, created by the query function (no need to read or change it)',
      }),
    );
    return key;
  } catch (err) {
    if (!(err instanceof ParameterAlreadyExists)) throw err;
  }
  const winner = await read();
  if (!winner) throw new Error(`the cursor key parameter ${name} exists but is empty`);
  return winner;
}

/** The key on first use, kept for the rest of the cold start; a failed read is tried again on the next call. */
export function cursorKeyLoader(name: string): () => Promise<string> {
  let key: Promise<string> | undefined;
  return () =>
    (key ??= loadCursorKey(name).catch((err: unknown) => {
      key = undefined;
      throw err;
    }));
}
