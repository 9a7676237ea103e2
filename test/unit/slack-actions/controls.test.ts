import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { composeAlerts } from '../../../lib/digest/compose.ts';
import { renderDigest, SLACK_LIMITS } from '../../../lib/digest/render.ts';
import { SubscriptionSchema } from '../../../lib/config/schema.ts';
import { blockActionsBody } from '../../../lib/dev/slack-requests.ts';
import { annotateMessage, correctionKey } from '../../../lib/slack-actions/annotate.ts';
import { parseCommandText } from '../../../lib/slack-actions/commands.ts';
import { controlsIn, CORRECT_ACTION_ID, correctionMenu, decodeControl, encodeControl } from '../../../lib/slack-actions/controls.ts';
import { MAX_BODY_BYTES } from '../../../lib/slack-actions/door.ts';
import { digestItem, ENTRIES } from '../digest/fixtures.ts';

const DIGEST_ID = 'a-0123456789abcdef01234567';
const ITEM_ID = '0123456789abcdef0123';

describe('correction menus', () => {
  it('carry digest, item, entry and verdict in a value Slack accepts, and decode back exactly', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,80}$/), fc.constantFrom('not-about' as const, 'confirmed' as const), (entryId, verdict) => {
        const value = encodeControl({ verdict, digestId: DIGEST_ID, itemId: ITEM_ID, entryId });
        expect(value.length).toBeLessThanOrEqual(150);
        expect(decodeControl(value)).toEqual({ verdict, digestId: DIGEST_ID, itemId: ITEM_ID, entryId });
      }),
    );
  });

  it('decode nothing that is not exactly one of ours', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 160 }), (value) => {
        const decoded = decodeControl(value);
        if (decoded) expect(encodeControl(decoded)).toBe(value);
      }),
    );
    expect(decodeControl(`iw1|n|${DIGEST_ID}|${ITEM_ID}|casey-audit|extra`)).toBeUndefined();
    expect(decodeControl(`iw1|n|${DIGEST_ID}|${ITEM_ID}|Casey`)).toBeUndefined();
  });

  it('are left off an entry whose id would not fit an option value', () => {
    expect(correctionMenu(DIGEST_ID, { id: ITEM_ID }, { id: `x${'y'.repeat(100)}`, name: 'Long', type: 'inquiry' })).toBeUndefined();
    const menu = correctionMenu(DIGEST_ID, { id: ITEM_ID }, { id: 'casey-audit', name: 'A'.repeat(200), type: 'inquiry' });
    expect(menu?.options.map((o) => o.text.text.length)).toEqual([75, 75]);
  });

  it('go on every listed item of a rendered alert, under the entry it is listed for', () => {
    // Prepare
    const items = [digestItem({ kind: 'statement', sourceType: 'statement' }), digestItem({ kind: 'report', sourceType: 'report', inquiries: ['national-inquiry'] })];
    const digest = composeAlerts({ channel: 'C1', subscription: SubscriptionSchema.parse({ channel: 'C1' }), entries: ENTRIES, items, until: '2025-06-17T00:00:00Z' })!;
    // Act
    const [message] = renderDigest(digest, SLACK_LIMITS, { accessory: (item, entry) => correctionMenu(DIGEST_ID, { id: ITEM_ID.slice(0, 16) + item.id.slice(-4) }, entry) });
    // Assess
    expect(controlsIn(message!).map((c) => c.entryId).sort()).toEqual(['casey-audit', 'national-inquiry']);
  });
});

describe('the largest message a click can come from', () => {
  it('still fits the door: its payload is under the body cap however its text is escaped', () => {
    // Prepare: a full alert of hostile titles (all characters that escape longest), with menus
    const title = '😀"\\<>&é'.repeat(60);
    const items = Array.from({ length: 60 }, () => digestItem({ kind: 'statement', sourceType: 'statement', title }));
    const digest = composeAlerts({ channel: 'C1', subscription: SubscriptionSchema.parse({ channel: 'C1' }), entries: ENTRIES, items, until: '2025-06-17T00:00:00Z' })!;
    const messages = renderDigest(digest, SLACK_LIMITS, { accessory: (_item, entry) => correctionMenu(DIGEST_ID, { id: ITEM_ID }, entry) });
    // Act: Slack sends the message back with the click; JSON may escape every non-ASCII character
    const sizes = messages.flatMap((m) => {
      const body = blockActionsBody({
        workspace: { teamId: 'T1', teamDomain: 'x', appId: 'A1', signingSecret: 's' },
        user: { id: 'U1', name: 'u' },
        channel: { id: 'C1', name: 'c' },
        message: { ts: '1718530000.000100', text: m.text, blocks: m.blocks },
        actionId: CORRECT_ACTION_ID,
        value: encodeControl({ verdict: 'not-about', digestId: DIGEST_ID, itemId: ITEM_ID, entryId: 'casey-audit' }),
        responseUrl: 'https://hooks.slack.com/actions/T1/1/abc',
      });
      const asciiJson = new URLSearchParams({ payload: JSON.stringify(JSON.parse(new URLSearchParams(body).get('payload')!)).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) }).toString();
      return [Buffer.byteLength(body), Buffer.byteLength(asciiJson)];
    });
    // Assess
    expect(Math.max(...sizes)).toBeLessThan(MAX_BODY_BYTES);
    expect(Math.max(...sizes)).toBeGreaterThan(40_000);
  });
});

describe('a corrected message', () => {
  it('shows each verdict in force under its item, by whom and when, and leaves the rest as posted', () => {
    // Prepare
    const items = [digestItem({ kind: 'statement', sourceType: 'statement', id: ITEM_ID }), digestItem({ kind: 'statement', sourceType: 'statement', id: 'fedcba9876543210fedc' })];
    const digest = composeAlerts({ channel: 'C1', subscription: SubscriptionSchema.parse({ channel: 'C1' }), entries: ENTRIES, items, until: '2025-06-17T00:00:00Z' })!;
    const [message] = renderDigest(digest, SLACK_LIMITS, { accessory: (item, entry) => correctionMenu(DIGEST_ID, item, entry) });
    const corrections = new Map([[correctionKey(ITEM_ID, 'casey-audit'), { verdict: 'not-about' as const, entryType: 'inquiry' as const, by: 'U0ALICE', at: '2025-06-16T09:32:00Z' }]]);
    // Act
    const annotated = annotateMessage(message!, corrections, () => 'Casey <audit> & co');
    // Assess
    const changed = annotated.blocks.filter((b, i) => JSON.stringify(b) !== JSON.stringify(message!.blocks[i]));
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed[0])).toContain(':x: Not about *Casey &lt;audit&gt; &amp; co*, marked by <@U0ALICE> on 16 Jun 2025, 10:32');
    expect(annotated.blocks).toHaveLength(message!.blocks.length);
  });
});

describe('/inquiry text', () => {
  it('is read as a subcommand and its arguments, anything unknown as help', () => {
    expect(parseCommandText('  find   casey   audit ')).toEqual({ command: 'find', args: 'casey audit' });
    expect(parseCommandText('STATUS c-rape-law')).toEqual({ command: 'status', args: 'c-rape-law' });
    expect(parseCommandText('')).toEqual({ command: 'help' });
    expect(parseCommandText('delete everything')).toEqual({ command: 'help', unknown: 'delete' });
  });
});
