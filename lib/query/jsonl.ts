import type { ResultRow } from './rows.ts';

/** JSON Lines: one row per line, `\n` ends every line (JSON escapes any newline inside a title). */
export const jsonlLine = (row: ResultRow): string => `${JSON.stringify(row)}\n`;
