/**
 * Characters a feed could use to drive a terminal or disguise text: escape sequences (ANSI CSI, OSC such as
 * hyperlinks or window titles, DCS/APC strings, two-character ESC commands, their 8-bit C1 forms), the remaining
 * C0/C1 control characters, and bidirectional overrides and isolates (U+202A–202E, U+2066–2069, the marks), which
 * make text display in an order other than the one it is stored in ("Trojan Source").
 *
 * Every pattern is a single pass with no nested repetition, so the cost stays linear in the text length.
 */
const ESCAPE_SEQUENCES = new RegExp(
  [
    '(?:\\x1B\\[|\\x9B)[0-?]*[ -/]*[@-~]?', // CSI … final byte
    '(?:\\x1B\\]|\\x9D)[^\\x07\\x1B\\x9C\\n]*(?:\\x07|\\x1B\\\\|\\x9C)?', // OSC … BEL or ST
    '(?:\\x1B[PX^_]|[\\x90\\x98\\x9E\\x9F])[^\\x1B\\x9C\\n]*(?:\\x1B\\\\|\\x9C)?', // DCS, SOS, PM, APC … ST
    '\\x1B[ -/]*[0-~]?', // any other ESC command
  ].join('|'),
  'g',
);
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/**
 * Text safe to show in a terminal or a chat message: escape sequences removed whole (not just their ESC, which
 * would leave `[31m` behind), other control characters and bidi controls dropped, tabs made spaces. Newlines stay:
 * an unterminated string sequence (OSC, DCS…) is removed up to the end of its line, not to the end of the text.
 * The one function for every string from a feed, a source or a server that reaches the operator's screen.
 */
export function stripControls(text: string): string {
  return text.replace(ESCAPE_SEQUENCES, '').replace(/\t/g, ' ').replace(CONTROLS, '').replace(BIDI, '');
}

/**
 * JSON text with the characters JSON leaves raw but a terminal acts on (DEL, C1 controls, bidi controls, line and
 * paragraph separators) written as `\uXXXX` escapes: the same data once parsed, inert when printed. Valid because
 * such characters can only occur inside JSON strings.
 */
export const escapeJsonControls = (json: string): string =>
  json.replace(/[\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
