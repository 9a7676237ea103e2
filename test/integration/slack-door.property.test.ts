import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockActionsBody, sendToEndpoint, signedRequest, slashCommandBody } from '../../lib/dev/slack-requests.ts';
import { CORRECT_ACTION_ID } from '../../lib/slack-actions/controls.ts';
import { MAX_BODY_BYTES, SLACK_PATHS } from '../../lib/slack-actions/door.ts';
import { ALICE, candidate, CHANNEL, SlackWorld, WORKSPACE } from '../support/slack-actions.ts';

/**
 * Anything that is not a genuine, fresh, first-time request from our workspace is refused, and leaves the table,
 * Slack and the job queue exactly as they were. Requests go over HTTP to the endpoint `serve` exposes, signed as
 * Slack signs them, into a real DynamoDB Local table.
 */
describe('the Slack door refuses, with nothing changed', () => {
  const w = new SlackWorld();
  let click: string;
  let command: string;
  let itemId: string;

  beforeAll(async () => {
    await w.start();
    const [item] = (await w.t.store.ingest([candidate({ entries: ['casey-audit'] })])).newItems;
    itemId = item!.id;
    await w.deliver('alerts');
    click = w.clickBody({ itemId, verdict: 'not-about' });
    command = w.commandBody('find casey');
  });
  afterAll(async () => {
    await w.stop();
  });

  /** Runs a property, then checks nothing at all happened: no job, no Slack call, no record. */
  async function refusedWithNothingChanged(property: Parameters<typeof fc.assert>[0], numRuns = 60) {
    const before = await w.snapshot();
    const calls = w.slack.calls.length;
    await fc.assert(property, { numRuns });
    await w.endpoint.idle();
    expect(w.jobs).toEqual([]);
    expect(w.slack.calls.length).toBe(calls);
    expect(await w.snapshot()).toBe(before);
  }

  const send = (path: string, body: string | Uint8Array, headers: Record<string, string>) =>
    fetch(`${w.server.url}${path}`, { method: 'POST', headers, body: body as string }).then(async (r) => ({ status: r.status, body: await r.text() }));

  it('any altered byte of the body', async () => {
    await refusedWithNothingChanged(
      fc.asyncProperty(fc.constantFrom([SLACK_PATHS.interactions, click] as const, [SLACK_PATHS.commands, command] as const), fc.nat(), fc.integer({ min: 1, max: 255 }), async ([path, body], at, flip) => {
        const signed = signedRequest(body, WORKSPACE.signingSecret, w.now);
        const bytes = Buffer.from(signed.body as string);
        bytes[at % bytes.length]! ^= flip;
        expect((await send(path, bytes, signed.headers)).status).toBe(401);
      }),
    );
  });

  it('any altered character of the signature or the timestamp header', async () => {
    await refusedWithNothingChanged(
      fc.asyncProperty(fc.constantFrom('x-slack-signature', 'x-slack-request-timestamp'), fc.nat(), fc.string({ minLength: 1, maxLength: 1 }), async (header, at, char) => {
        const signed = signedRequest(click, WORKSPACE.signingSecret, w.now);
        const value = signed.headers[header]!;
        const i = at % value.length;
        fc.pre(value[i] !== char && /^[\x21-\x7e]$/.test(char));
        const altered = { ...signed.headers, [header]: value.slice(0, i) + char + value.slice(i + 1) };
        expect((await send(SLACK_PATHS.interactions, signed.body, altered)).status).toBe(401);
      }),
    );
  });

  it('a wrong signing secret, a missing header, or the wrong content type', async () => {
    await refusedWithNothingChanged(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('x-slack-signature', 'x-slack-request-timestamp', 'content-type'), async (secret, dropped) => {
        fc.pre(secret !== WORKSPACE.signingSecret);
        const forged = signedRequest(click, secret, w.now);
        expect((await send(SLACK_PATHS.interactions, forged.body, forged.headers)).status).toBe(401);
        const genuine = signedRequest(click, WORKSPACE.signingSecret, w.now);
        const { [dropped]: _gone, ...rest } = genuine.headers;
        const headers = dropped === 'content-type' ? { ...rest, 'content-type': 'application/json' } : rest;
        expect((await send(SLACK_PATHS.interactions, genuine.body, headers)).status).toBe(dropped === 'content-type' ? 415 : 401);
      }),
      30,
    );
  });

  it('a stale or future timestamp, even correctly signed', async () => {
    await refusedWithNothingChanged(
      fc.asyncProperty(fc.integer({ min: 301, max: 10_000_000 }), fc.boolean(), async (skew, future) => {
        const timestamp = String(Math.floor(w.now.getTime() / 1000) + (future ? skew : -skew));
        const signed = signedRequest(command, WORKSPACE.signingSecret, w.now, timestamp);
        expect((await send(SLACK_PATHS.commands, signed.body, signed.headers)).status).toBe(401);
      }),
    );
  });

  it('another workspace, or a guest from another workspace, even correctly signed', async () => {
    const teamId = fc.stringMatching(/^T[A-Z0-9]{2,12}$/).filter((t) => t !== WORKSPACE.teamId);
    await refusedWithNothingChanged(
      fc.asyncProperty(teamId, fc.boolean(), fc.boolean(), async (other, guest, isCommand) => {
        const workspace = guest ? WORKSPACE : { ...WORKSPACE, teamId: other };
        const user = guest ? { ...ALICE, teamId: other } : ALICE;
        const body = isCommand
          ? slashCommandBody({ workspace, user, channel: CHANNEL, text: 'find casey', responseUrl: w.slack.responseUrl() })
          : blockActionsBody({ workspace, user, channel: CHANNEL, message: w.messageWith(itemId), actionId: CORRECT_ACTION_ID, value: w.optionValue(w.messageWith(itemId), itemId, 'not-about'), responseUrl: w.slack.responseUrl(), now: w.now });
        fc.pre(!(isCommand && guest)); // a slash command carries only the workspace it was typed in
        const signed = signedRequest(body, WORKSPACE.signingSecret, w.now);
        expect((await send(isCommand ? SLACK_PATHS.commands : SLACK_PATHS.interactions, signed.body, signed.headers)).status).toBe(403);
      }),
      40,
    );
  });

  it('an oversized body, even correctly signed, declared or not', async () => {
    await refusedWithNothingChanged(
      fc.asyncProperty(fc.integer({ min: MAX_BODY_BYTES + 1, max: MAX_BODY_BYTES * 4 }), fc.boolean(), async (size, chunked) => {
        const body = `payload=${'a'.repeat(size - 8)}`;
        const signed = signedRequest(body, WORKSPACE.signingSecret, w.now);
        // Without a content-length (chunked), the cap holds while reading.
        const stream = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(body)), c.close()) });
        const res = chunked
          ? await fetch(`${w.server.url}${SLACK_PATHS.interactions}`, { method: 'POST', headers: signed.headers, body: stream, duplex: 'half' } as RequestInit)
          : await fetch(`${w.server.url}${SLACK_PATHS.interactions}`, { method: 'POST', headers: signed.headers, body });
        expect(res.status).toBe(413);
      }),
      12,
    );
  });

  it('a malformed body, correctly signed', async () => {
    // The genuine click, changed in one place each: every one of these is refused.
    const genuine = JSON.parse(new URLSearchParams(click).get('payload')!) as Record<string, any>;
    const changed = (change: (p: Record<string, any>) => void) => {
      const p = structuredClone(genuine);
      change(p);
      return JSON.stringify(p);
    };
    const payloads = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify({ type: 'block_actions', team: { id: WORKSPACE.teamId }, actions: [v] })),
      fc.constantFrom(
        changed((p) => (p.type = 'view_submission')),
        changed((p) => (p.actions[0].selected_option.value = p.actions[0].selected_option.value.replace('iw1|n|', 'iw1|x|'))),
        changed((p) => (p.actions[0].selected_option.value += '|more')),
        changed((p) => (p.actions[0].action_id = 'other')),
        changed((p) => (p.actions[0].type = 'button')),
        changed((p) => p.actions.push(p.actions[0])),
        changed((p) => (p.response_url = 'https://attacker.example/hook')),
        changed((p) => (p.container.message_ts = '../../etc')),
        changed((p) => (p.container.channel_id = 'C0ELSEWHERE')),
        changed((p) => (p.user.id = 'B0NOTAUSER')),
        changed((p) => delete p.team),
      ),
    );
    const bodies = fc.oneof(
      payloads.map((p): string | Uint8Array => new URLSearchParams({ payload: p }).toString()),
      fc.string({ maxLength: 300 }),
      fc.uint8Array({ minLength: 1, maxLength: 300 }),
      fc.constant(`${click}&${click}`),
    );
    await refusedWithNothingChanged(
      fc.asyncProperty(bodies, fc.boolean(), async (body, asCommand) => {
        const signed = signedRequest(body, WORKSPACE.signingSecret, w.now);
        expect((await send(asCommand ? SLACK_PATHS.commands : SLACK_PATHS.interactions, signed.body, signed.headers)).status).toBe(400);
      }),
      120,
    );
  });

  it('a replay of an accepted request: refused, and its job ran once', async () => {
    // Prepare
    const signed = signedRequest(w.commandBody('find casey'), WORKSPACE.signingSecret, w.now);
    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await sendToEndpoint(`${w.server.url}${SLACK_PATHS.commands}`, signed)).status);
    await w.endpoint.idle();
    // Assess
    expect(statuses).toEqual([200, 409, 409]);
    expect(w.jobs).toEqual([{ status: 'done', outcome: 'answered' }]);
    w.jobs.length = 0;
  });
});
