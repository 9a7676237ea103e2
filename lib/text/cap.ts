/**
 * Cuts text to at most `maxBytes` of UTF-8 without splitting a character, marking the cut.
 * Keeps every stored item far below DynamoDB's 400 KB item limit whatever a source sends.
 */
export function capUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const marker = ' […]';
  const buf = Buffer.from(text, 'utf8').subarray(0, maxBytes - Buffer.byteLength(marker));
  // A cut inside a multi-byte character decodes to U+FFFD: drop it.
  return buf.toString('utf8').replace(/\uFFFD+$/, '') + marker;
}
