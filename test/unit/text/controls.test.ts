import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeJsonControls, stripControls } from '../../../lib/text/controls.ts';
import { escapeMrkdwn } from '../../../lib/digest/mrkdwn.ts';
import { formatCycleSummary } from '../../../lib/cli/cycle-summary.ts';
import type { CycleReport } from '../../../lib/pipeline/cycle.ts';

/** What a terminal acts on: C0 (but newline), DEL, C1, and the bidi controls. */
const ACTIVE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

describe('stripControls', () => {
  it('removes escape sequences whole, not just their ESC', () => {
    // Prepare: colour, cursor movement, an OSC 8 hyperlink, a window title, a DCS string, their 8-bit forms
    const hostile =
      'A\u001b[31mred\u001b[0m B\u001b[2J\u001b[1;1H C\u001b]8;;https://evil.example\u0007link\u001b]8;;\u001b\\ ' +
      'D\u001b]0;pwned\u0007 E\u001bP+q544e\u001b\\ F\u009b31mG\u009d0;t\u009c H\u001bc';
    // Act
    const out = stripControls(hostile);
    // Assess
    expect(out).toBe('Ared B Clink D E FG H');
  });

  it('drops bidi overrides and isolates, so text shows in the order it is stored', () => {
    expect(stripControls('Casey \u202Etidua\u202C \u2066x\u2069 \u200Fy')).toBe('Casey tidua x y');
  });

  it('ends an unterminated OSC or DCS string at the end of its line, so the lines after it stay', () => {
    // Prepare: the property below found it; "\u001b]\n\u001b]" lost its newline
    const text = 'Casey audit\u001b]0;title\nline two\u001bPq\nline three\u009d';
    // Act, Assess
    expect(stripControls(text)).toBe('Casey audit\nline two\nline three');
  });

  it('leaves no character a terminal acts on, for any input, and keeps newlines', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 0x206f }).map((c) => String.fromCharCode(c)), maxLength: 200 }), (s) => {
        const out = stripControls(`${s}\n${s}`);
        expect(out).not.toMatch(ACTIVE);
        expect(out).toContain('\n');
      }),
    );
  });

  it('makes JSON inert for a terminal without changing the data', () => {
    // Prepare
    const value = { title: 'a\u009b31m b\u202Ec \u001b[0m' };
    // Act
    const json = escapeJsonControls(JSON.stringify(value));
    // Assess
    expect(json).not.toMatch(ACTIVE);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('every terminal and Slack string goes through it', () => {
  it('cleans source errors and warnings in the cycle summary (an HTTP reason phrase, a feed warning)', () => {
    // Prepare
    const source = (sourceId: string, over: Partial<CycleReport['sources'][number]>) => ({
      sourceId, status: 'ok' as const, newItems: [], updatedItems: [], unchanged: 0, duplicates: 0, writeRequests: 0, stateWrites: 0, pages: 1, bytes: 0, warnings: [], durationMs: 1, ...over,
    });
    const report: CycleReport = {
      startedAt: '2025-06-16T10:00:00.000Z',
      finishedAt: '2025-06-16T10:00:01.000Z',
      status: 'partial',
      newItems: [],
      updatedItems: [],
      sources: [
        source('down', { status: 'failed', error: 'HTTP 500 \u001b]0;owned\u0007\u001b[2JGone\u202E from http://x' }),
        source('odd', { warnings: ['"\u001b[31mTitle\u001b[0m": unreadable date'] }),
      ],
    };
    // Act
    const out = formatCycleSummary(report, 'Cycle');
    // Assess
    expect(out).not.toMatch(ACTIVE);
    expect(out).toContain('HTTP 500 Gone from http://x');
    expect(out).toContain('"Title": unreadable date');
  });

  it('strips bidi and control characters from Slack text as well as escaping it', () => {
    expect(escapeMrkdwn('<!channel> \u202Eevil\u202C \u001b[31m')).toBe('&lt;!channel&gt; evil ');
  });
});
