/** Japanese phone numbers: candidates in text, and whether their digits can be a number (detect.ts). */

export const PHONE_CANDIDATE = /(?<![0-9A-Za-z+\-./])(?:\+81[ -]?(?:\(0\)[ -]?)?|\(?0)[0-9][0-9() -]{7,18}[0-9]/g;

export interface PhoneMatch {
  /** Length of the matched text from the candidate's start. */
  length: number;
  digits: string;
  bare: boolean;
}

/** Longest valid Japanese phone number at the start of a candidate (digits, -, space, parentheses). */
export function parsePhone(cand: string): PhoneMatch | null {
  let s = cand;
  let offset = 0;
  let international = false;
  if (s.startsWith('+81')) {
    international = true;
    const m = /^\+81[ -]?(?:\(0\)[ -]?)?/.exec(s) as RegExpExecArray;
    offset = m[0].length;
    s = s.slice(offset);
  }
  // Groups of digits and the separator runs before them.
  const groups: { digits: string; end: number }[] = [];
  const re = /([ ()-]{0,3})([0-9]+)/y;
  let pos = 0;
  for (;;) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const sep = m[1] as string;
    if (groups.length > 0 && (sep.length === 0 || sep.length > 2 || sep === '  ' || sep === '((' || sep === '))')) break;
    if (groups.length === 0 && sep !== '' && sep !== '(') break;
    groups.push({ digits: m[2] as string, end: offset + re.lastIndex });
    pos = re.lastIndex;
    if (groups.length > 5) break;
  }
  for (let k = Math.min(groups.length, 4); k >= 1; k--) {
    let digits = groups
      .slice(0, k)
      .map((g) => g.digits)
      .join('');
    if (international && !digits.startsWith('0')) digits = '0' + digits;
    if (!phoneDigitsValid(digits)) continue;
    if (k >= 2) {
      const first = (international && !(groups[0] as { digits: string }).digits.startsWith('0') ? 1 : 0) + (groups[0] as { digits: string }).digits.length;
      const last = (groups[k - 1] as { digits: string }).digits.length;
      if (first < 2 || first > 5 || last < 3 || last > 4) continue;
    }
    return { length: (groups[k - 1] as { end: number }).end, digits, bare: k === 1 && !international };
  }
  return null;
}

/** 10 digits starting 0[1-9] (landline, 0120, 0570) or 11 digits starting 0[5-9]0 (mobile, 050 IP, 0800). */
export function phoneDigitsValid(d: string): boolean {
  if (d.length === 11) return /^0[5-9]0/.test(d);
  if (d.length === 10) return /^0[1-9]/.test(d) && !/^0[5-9]0/.test(d);
  return false;
}
export const isMobile = (d: string) => d.length === 11;
