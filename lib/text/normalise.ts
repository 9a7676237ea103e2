/**
 * Normalised text for matching and de-duplication: case folded, accents removed, curly quotes and
 * dashes made plain, whitespace collapsed. Length-preserving per code unit is NOT guaranteed.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** A headline reduced to its words, for spotting the same story under two feeds' URLs. */
export function normaliseTitle(title: string): string {
  return normaliseText(title)
    .replace(/^(live|watch|breaking|exclusive|updated?)\s*[:\-|]\s*/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
