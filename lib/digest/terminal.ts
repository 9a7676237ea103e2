import { stripControls } from '../text/controls.ts';
import type { DeliveryMarker, DigestSender } from './ports.ts';
import type { Block, RenderedMessage } from './types.ts';

/**
 * Shows a rendered Slack message readably in a terminal: the same content that would be posted, with mrkdwn
 * links as `label (url)`, entities decoded, and control characters removed (a feed must not be able to send
 * escape sequences to the operator's terminal).
 */
export function messageToTerminal(message: RenderedMessage, threaded: boolean): string {
  const indent = threaded ? '    │ ' : '';
  const lines: string[] = [];
  for (const block of message.blocks) lines.push(...blockLines(block));
  return lines.map((l) => `${indent}${l}`).join('\n');
}

function blockLines(block: Block): string[] {
  switch (block.type) {
    case 'header':
      return ['', `━━ ${clean(block.text.text)} ━━`];
    case 'section':
      return mrkdwnToText(block.text.text).split('\n').map((l, i) => (i === 0 ? `• ${l}` : `  ${l}`));
    case 'context':
      return block.elements.map((e) => `  ${mrkdwnToText(e.text)}`);
    case 'divider':
      return ['────'];
  }
}

export function mrkdwnToText(text: string): string {
  const linked = text.replace(/<([^|<>]+)\|([^<>]*)>/g, (_, url: string, label: string) => `${label} (${url})`);
  const plain = linked.replace(/(^|\s)[*_]([^*_\n]+)[*_](?=\s|$|[.,:;)])/g, '$1$2');
  return clean(plain.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
}

/** Escape sequences, control and bidi characters removed, newlines kept: feed text must not drive the terminal. */
export const clean = stripControls;

/** A sender for when there is no Slack token: prints each digest as it would appear, and counts as delivered. */
export class TerminalSender implements DigestSender {
  readonly name = 'terminal';
  private count = 0;

  constructor(private readonly write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)) {}

  async post(channel: string, message: RenderedMessage, _marker: DeliveryMarker, threadTs?: string): Promise<{ ts: string }> {
    if (!threadTs) this.write(`\n[${clean(channel)}]`);
    this.write(messageToTerminal(message, Boolean(threadTs)));
    return { ts: `terminal.${String(++this.count).padStart(6, '0')}` };
  }

  async findPosted(): Promise<string | undefined> {
    return undefined;
  }
}
