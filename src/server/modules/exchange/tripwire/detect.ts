/**
 * Detectors on a piece of normalised text (a cell, a paragraph, a line of a message). Each hit
 * names its kind and rule and carries only a masked value. `context` is extra text that counts as
 * "nearby words" (a column header, a label cell to the left, the end of the previous line).
 */
import type { IdentifierKind } from '../../../../shared/tripwire.js';
import { PREFECTURES } from '../../../../shared/prefectures.js';
import { insurerNumberValid, myNumberValid } from './check-digits.js';
import type { Compiled } from './compiled.js';
import { KEYWORDS } from './context.js';
import { DATE_IN_TEXT, dateFromMatch } from './dates.js';
import { maskAddress, maskDate, maskDigits, maskEmail, maskTail } from './mask.js';
import { detectInitials, detectNames } from './detect-names.js';
import { before, near, WINDOW } from './nearby.js';
import { isMobile, PHONE_CANDIDATE, parsePhone } from './phone.js';

export type HitKind = Exclude<IdentifierKind, 'unreadable' | 'unscanned'>;
export interface Hit {
  kind: HitKind;
  rule: string;
  masked: string;
  /** Offset in the text (for line numbers in multi-line text). */
  index: number;
}
export type Emit = (hit: Hit) => void;

export { kanjiNameBeforeHonorific, INITIALS_VALUE, nameLike, nameShaped } from './detect-names.js';
export { parsePhone, phoneDigitsValid, type PhoneMatch } from './phone.js';

// ---- other patterns ---------------------------------------------------------------------------
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const TWELVE = /(?<![0-9A-Za-z\-.])([0-9]{4})([ -]?)([0-9]{4})\2([0-9]{4})(?![0-9A-Za-z]|[.-][0-9])/g;
const SIX_EIGHT = /(?<![0-9A-Za-z\-./])([0-9]{8}|[0-9]{6})(?![0-9A-Za-z]|[.\-/][0-9])/g;
const INSURED_NUMBER = /(?:被保険者(?:証)?(?:記号)?(?:番号)?|保険証(?:の)?(?:記号)?(?:番号)?|記号(?:・)?番号)[ ]?[:：=は]?[ ]?(?<v>[0-9][0-9 ・-]{2,20}[0-9])/g;
const POSTAL_MARK = /〒[ ]?([0-9]{3})-?([0-9]{4})(?![0-9])/g;
const POSTAL_DASH = /(?<![0-9\-./])([0-9]{3})-([0-9]{4})(?![0-9]|[-.][0-9])/g;
const MRN_TEXT = new RegExp(
  '(?:' + KEYWORDS.mrn.source + ')' + String.raw`[ ]?(?:no\.?|番号)?[ ]?[:：=は]?[ ]?(?<v>[A-Za-z0-9][A-Za-z0-9-]{2,24})`,
  'gi',
);

const PREF = PREFECTURES.map((p) => p[1]).join('|');
const MUNI = String.raw`[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}ー々ヶ]{1,7}?[市区郡町村](?![間分域画切別内長役民場販外])`;
const BLOCK = String.raw`[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}ー々ヶ]{0,10}?(?:[0-9]+|[一二三四五六七八九十]+)(?:丁目|番地|番|-[0-9]+)(?:[0-9]+(?:番地?|号)?|-[0-9]+)*(?:[0-9]+号)?`;
const ADDRESS_FULL = new RegExp(String.raw`(?:${PREF})?(?:${MUNI}){1,3}${BLOCK}`, 'gu');
const ADDRESS_PREF = new RegExp(String.raw`(?:${PREF})(?:${MUNI})`, 'gu');
const ADDRESS_GATE = /[市区郡町村都道府県]/;

/**
 * Runs every enabled detector over `text` (already normalised). A first pass over the characters
 * decides which detectors can fire at all (a date-only cell with no context only needs the
 * phone check), which keeps plain numeric cells cheap.
 */
export function detectText(text: string, c: Compiled, context: string, emit: Emit): void {
  const r = c.rules;
  const n = text.length;
  if (n === 0) return;
  let digits = 0;
  let nonAscii = false;
  let upper = false;
  let lower = false;
  let at = false;
  for (let i = 0; i < n; i++) {
    const ch = text.charCodeAt(i);
    if (ch >= 48 && ch <= 57) digits++;
    else if (ch >= 128) nonAscii = true;
    else if (ch >= 65 && ch <= 90) upper = true;
    else if (ch >= 97 && ch <= 122) lower = true;
    else if (ch === 64) at = true;
  }
  // Keywords need letters (in the text or the context); without them only context-free detectors run.
  const words = nonAscii || upper || lower || context !== '';

  if (at && r.email.enabled) {
    for (const m of text.matchAll(EMAIL)) {
      const domain = m[0].slice(m[0].lastIndexOf('@') + 1).toLowerCase();
      if (c.allowDomains.some((d) => domain === d || domain.endsWith('.' + d))) continue;
      emit({ kind: 'email', rule: 'email.format', masked: maskEmail(m[0]), index: m.index });
    }
  }

  if (digits >= 2) {
    // (元年 dates have as few as two digits.)
    if (digits >= 10 && r.phone.enabled) {
      PHONE_CANDIDATE.lastIndex = 0;
      for (let m = PHONE_CANDIDATE.exec(text); m; m = PHONE_CANDIDATE.exec(text)) {
        const p = parsePhone(m[0]);
        if (!p) {
          PHONE_CANDIDATE.lastIndex = m.index + 1;
          continue;
        }
        const end = m.index + p.length;
        const next = text.slice(end, end + 2);
        PHONE_CANDIDATE.lastIndex = end;
        if (/^[0-9A-Za-z]/.test(next) || /^[.\-/][0-9]/.test(next)) continue;
        if (p.bare && !isMobile(p.digits) && !r.phone.bareDigits && !near(KEYWORDS.phone, text, m.index, WINDOW, context)) continue;
        emit({ kind: 'phone', rule: p.bare ? 'phone.digits' : 'phone.format', masked: maskDigits(text.slice(m.index, end), 3, 2), index: m.index });
      }
    }
    if (digits >= 12 && r.myNumber.enabled && (words || !r.myNumber.requireContext)) {
      for (const m of text.matchAll(TWELVE)) {
        const d = (m[1] as string) + m[3] + m[4];
        if (!myNumberValid(d)) continue;
        if (r.myNumber.requireContext && !near(KEYWORDS.myNumber, text, m.index, 40, context)) continue;
        emit({ kind: 'my_number', rule: 'my_number.check_digit', masked: maskDigits(m[0], 0, 2), index: m.index });
      }
    }
    if (digits >= 6 && r.insurerNumber.enabled && (words || !r.insurerNumber.requireContext)) {
      for (const m of text.matchAll(SIX_EIGHT)) {
        if (!insurerNumberValid(m[0])) continue;
        if (r.insurerNumber.requireContext && !near(KEYWORDS.insurer, text, m.index, WINDOW, context)) continue;
        emit({ kind: 'insurer_number', rule: 'insurer_number.check_digit', masked: maskDigits(m[0], 0, 2), index: m.index });
      }
      if (nonAscii && /被保険者|保険証|記号/.test(text)) {
        for (const m of text.matchAll(INSURED_NUMBER)) {
          emit({ kind: 'insurer_number', rule: 'insurer_number.insured', masked: maskDigits(m.groups?.v as string, 0, 2), index: m.index });
        }
      }
    }
    if (digits >= 7 && r.postalCode.enabled && words) {
      if (nonAscii && text.includes('〒')) {
        for (const m of text.matchAll(POSTAL_MARK)) emit({ kind: 'postal_code', rule: 'postal_code.mark', masked: maskDigits(m[0], 1, 0), index: m.index });
      }
      for (const m of text.matchAll(POSTAL_DASH)) {
        if (text[m.index - 1] === '〒' || text.slice(Math.max(0, m.index - 2), m.index) === '〒 ') continue;
        if (!near(KEYWORDS.postal, text, m.index, 16, context)) continue;
        emit({ kind: 'postal_code', rule: 'postal_code.context', masked: maskDigits(m[0], 1, 0), index: m.index });
      }
    }
    if (words && r.birthDate.enabled && (KEYWORDS.birth.test(text) || (context !== '' && KEYWORDS.birth.test(context)) || (nonAscii && text.includes('生')))) {
      DATE_IN_TEXT.lastIndex = 0;
      let prevEnd = 0;
      for (let m = DATE_IN_TEXT.exec(text); m; m = DATE_IN_TEXT.exec(text)) {
        const ymd = dateFromMatch(m);
        const end = m.index + m[0].length;
        if (ymd) {
          const lead = text.slice(Math.max(prevEnd, m.index - 20), m.index);
          const after = text.slice(end, end + 4);
          if (KEYWORDS.birth.test(lead) || /^[ ]?(?:生|生まれ|born)/.test(after) || (context !== '' && KEYWORDS.birth.test(context) && prevEnd === 0)) {
            emit({ kind: 'birth_date', rule: 'birth_date.keyword', masked: maskDate(m[0]), index: m.index });
          }
        }
        prevEnd = end;
      }
    }
    if (words && r.mrn.enabled && (r.mrn.keywordInText || c.mrn.length > 0) && KEYWORDS.mrn.test(text)) {
      for (const m of text.matchAll(MRN_TEXT)) {
        const v = m.groups?.v as string;
        if ((v.match(/[0-9]/g)?.length ?? 0) < 3) continue;
        const pat = c.mrn.find((p) => p.re.test(v));
        if (pat) emit({ kind: 'mrn', rule: `mrn.pattern:${pat.id}`, masked: maskTail(v), index: m.index });
        else if (r.mrn.keywordInText) emit({ kind: 'mrn', rule: 'mrn.keyword', masked: maskTail(v), index: m.index });
      }
    }
  }

  if ((nonAscii || upper) && r.name.enabled) detectNames(text, c, upper, nonAscii, emit);
  if (upper && r.initials.enabled) detectInitials(text, context, nonAscii, emit);
  if (nonAscii && r.address.enabled && ADDRESS_GATE.test(text)) detectAddress(text, context, emit);
}

function detectAddress(text: string, context: string, emit: Emit): void {
  let last = -1;
  for (const m of text.matchAll(ADDRESS_FULL)) {
    emit({ kind: 'address', rule: 'address.pattern', masked: maskAddress(m[0]), index: m.index });
    last = m.index + m[0].length;
  }
  if (last >= 0) return;
  for (const m of text.matchAll(ADDRESS_PREF)) {
    if (!KEYWORDS.address.test(before(text, m.index, 12)) && !(context !== '' && KEYWORDS.address.test(context))) continue;
    emit({ kind: 'address', rule: 'address.context', masked: maskAddress(m[0]), index: m.index });
  }
}

export const POSTAL_VALUE = /^〒?[ ]?[0-9]{3}-?[0-9]{4}$/;
