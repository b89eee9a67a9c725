/**
 * Text normalisation before matching: NFKC (full-width digits and letters, half-width katakana,
 * ideographic spaces, ㍼ → 昭和) and the dashes people type between digits (ー－‐―−) as '-'.
 * Pure ASCII is returned as is (NFKC leaves it unchanged), which keeps numeric cells cheap.
 */

// eslint-disable-next-line no-control-regex
const NON_ASCII = /[^\u0000-\u007f]/;
// Dashes NFKC does not fold: hyphen, figure/en/em dash, horizontal bar, minus, katakana long vowel, box lines.
const DIGIT_DASH = /([0-9])[ \t]*[\u2010-\u2015\u2212\u2043\u30fc\u2500\u2501\ufe58\ufe63][ \t]*(?=[0-9])/g;

export function normalizeText(s: string): string {
  if (!NON_ASCII.test(s)) return s;
  const n = s.normalize('NFKC');
  return n.replace(DIGIT_DASH, '$1-');
}

export function isAscii(s: string): boolean {
  return !NON_ASCII.test(s);
}

/** Header text for comparisons: NFKC, lower case, no spaces, brackets or punctuation. */
export function normalizeHeader(s: string): string {
  return normalizeText(s)
    .toLowerCase()
    .replace(/[\s_\-・.,:：()[\]{}（）【】「」『』〈〉<>/\\#＃*※"'`]/g, '');
}
