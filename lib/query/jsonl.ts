import { escapeJsonControls } from '../text/controls.ts';
import type { ResultRow } from './rows.ts';

/**
 * JSON Lines: one row per line, `\n` ends every line (JSON escapes any newline inside a title). Control and bidi
 * characters are escaped too, so a page printed to a terminal cannot drive it; parsed, the data is unchanged.
 */
export const jsonlLine = (row: ResultRow): string => `${escapeJsonControls(JSON.stringify(row))}\n`;
