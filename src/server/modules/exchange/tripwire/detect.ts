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
import { maskAddress, maskDate, maskDigits, maskEmail, maskInitials, maskName, maskTail } from './mask.js';
import { KANJI_SURNAMES, KATAKANA_SURNAMES, leadingSurname, ROMAJI_SURNAMES } from './surnames.js';

export type HitKind = Exclude<IdentifierKind, 'unreadable' | 'unscanned'>;
export interface Hit {
  kind: HitKind;
  rule: string;
  masked: string;
  /** Offset in the text (for line numbers in multi-line text). */
  index: number;
}
export type Emit = (hit: Hit) => void;

const WINDOW = 24;

// ---- phone ------------------------------------------------------------------------------------
const PHONE_CANDIDATE = /(?<![0-9A-Za-z+\-./])(?:\+81[ -]?(?:\(0\)[ -]?)?|\(?0)[0-9][0-9() -]{7,18}[0-9]/g;

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
const isMobile = (d: string) => d.length === 11;

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
const NAME_LABEL =
  /(?:患者氏名|患者名|被験者氏名|氏名|お名前|名前|フリガナ|ふりがな|カナ氏名|patient name|full name)(?:[ ]*[:：=][ ]*|[ ]+)(?<v>[\p{sc=Han}々\p{sc=Katakana}ーA-Za-z]+(?:[ ][\p{sc=Han}々\p{sc=Katakana}ーA-Za-z]+)?)/giu;
const KANJI_FULL = /(?<![\p{sc=Han}々])(?<s>[\p{sc=Han}々]{1,3})[ ](?<g>[\p{sc=Han}々]{1,3})(?![\p{sc=Han}々])/gu;
const KATA_FULL = /(?<![\p{sc=Katakana}ー])(?<s>[\p{sc=Katakana}ー]{2,8})[ ](?<g>[\p{sc=Katakana}ー]{2,8})(?![\p{sc=Katakana}ー])/gu;
const ROMAJI_FULL = /(?<![A-Za-z])(?<a>[A-Z][a-z]{1,11}|[A-Z]{2,12})[ ](?<b>[A-Z][a-z]{1,11}|[A-Z]{2,12})(?![A-Za-z])/g;
const TITLE_NAME = /(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx)\.?[ ]+(?<v>[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?)/g;
const SAN_SUFFIX = /(?<![A-Za-z])(?<v>[A-Z][a-z]{1,15})-(?:san|sama|kun|chan|shi)(?![A-Za-z])/g;
const INITIALS_DOTTED = /(?<![A-Za-z.])([A-Z])[ ]?[.・][ ]?([A-Z])(?:[ ]?[.・][ ]?([A-Z]))?\.?(?![A-Za-z])/g;
const INITIALS_LABEL = /(?:イニシャル|initials?)[ ]?[:：=は]?[ ]?(?<v>[A-Z][.・]?[ ]?[A-Z](?:[.・]?[ ]?[A-Z])?\.?)(?![A-Za-z])/gi;
const INITIALS_HONORIFIC = /(?<![A-Za-z])(?<v>[A-Z]{2,3})[ ]?(?:さん|様|氏|殿|くん|ちゃん)/g;
const HONORIFIC_AFTER = /^[ ]?(?:さん|様|氏|殿|くん|ちゃん)/;

const PREF = PREFECTURES.map((p) => p[1]).join('|');
const MUNI = String.raw`[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}ー々ヶ]{1,7}?[市区郡町村](?![間分域画切別内長役民場販外])`;
const BLOCK = String.raw`[\p{sc=Han}\p{sc=Katakana}\p{sc=Hiragana}ー々ヶ]{0,10}?(?:[0-9]+|[一二三四五六七八九十]+)(?:丁目|番地|番|-[0-9]+)(?:[0-9]+(?:番地?|号)?|-[0-9]+)*(?:[0-9]+号)?`;
const ADDRESS_FULL = new RegExp(String.raw`(?:${PREF})?(?:${MUNI}){1,3}${BLOCK}`, 'gu');
const ADDRESS_PREF = new RegExp(String.raw`(?:${PREF})(?:${MUNI})`, 'gu');
const ADDRESS_GATE = /[市区郡町村都道府県]/;

// Words that end where an honorific follows but are not names (皆様, 患者様, 担当者様, 同様, 仕様, …).
const STOP_STEMS = new Set(
  (
    '皆,皆々,患者,家族,奥,主人,旦那,子,娘,息子,母,父,兄,姉,弟,妹,祖母,祖父,孫,担当,担当者,事務局,施設,先生,看護師,医師,薬剤師,技師,各位,関係者,被験者,対象者,' +
    '会員,利用者,参加者,神,仏,同,仕,模,多,異,一,態,有,文,紋,貴,御,宮,諸,客,王,皇,若,姫,奥方,相手,先方,当方,上,外,内,各,当,業者,社長,部長,課長,係長,主任,' +
    '院長,所長,理事長,委員長,教授,准教授,講師,助教,医局,病棟,外来,窓口,受付,同一,別,今,前,後,次,本人,皆さま,殿,御中,方々,様,殿方,父兄,親御,嫁,婿,甥,姪,' +
    '叔父,叔母,伯父,伯母,夫,妻,先輩,後輩,同僚,上司,部下,事務,研究,病院,医院,大学,会社,御社,貴社,弊社,貴院,当院,本院,他院,前医,主治医,担当医,医,師,者'
  ).split(','),
);
const ROLE_SUFFIX = /[者長師員局社官部課科室院所会団館医]$/u;
const KATAKANA_STOP = new Set(
  'スタッフ,ドクター,ナース,モニター,メーカー,ベンダー,ユーザー,ゲスト,ヘルパー,オペレーター,コーディネーター,サポーター,ボランティア,ドライバー,クライアント,パートナー,メンバー,ケアマネ,ケアマネージャー,リーダー,マネージャー,オーナー,テスター,ファミリー,ママ,パパ,ベビー,シスター,ブラザー,チーム,センター'.split(','),
);
const GIVEN_STOP = /^(?:病院|医院|先生|記念|大学|医師|教授|部長|課長|院長|会長|社長|科|市|県|町|区|村|駅|線|様|殿|氏|君|さん|薬局|医療|クリニック|研究|試験|症例|委員|会|班|群|組|事務局|総合|中央|第[0-9一二三])/u;
const PLACE_ORG_SUFFIX = /[都道府県市区町村郡駅線院科局部課室所会館社団店園校学]$/u;
const EN_STOP = new Set(
  'hospital,university,clinic,pharma,pharmaceutical,inc,co,ltd,center,centre,institute,foundation,group,study,trial,data,site,office,research,medical,national,general,cancer,city,prefecture,japan,tokyo,osaka,kyoto,street,road,the,and,of,for,phase,arm,grade,stage,type,visit,day,week,month,year,dose,drug,test,total,mean,median,note,page,table,figure,version,protocol,report,form,case,id,no,yes,na,ok'.split(','),
);
const NONE_VALUE = /^(?:なし|無し|不明|未記入|記載なし|省略|匿名|非公開|空欄|na|n\/a|none|null|unknown|nil|-+|ー+|―+|\*+|×|不詳|該当なし)$/i;

const before = (text: string, index: number, n = WINDOW) => text.slice(Math.max(0, index - n), index);

function allowedName(c: Compiled, name: string): boolean {
  if (c.allowNames.length === 0) return false;
  const n = name.replace(/\s+/g, '');
  const lower = n.toLowerCase();
  return c.allowNames.some((a) => n.startsWith(a) || lower.startsWith(a.toLowerCase()) || a.startsWith(n));
}

/** The name inside a kanji run that ends right before an honorific, or null when it is not a name. */
export function kanjiNameBeforeHonorific(stem: string): string | null {
  const cps = [...stem];
  if (cps.length > 4) {
    // "本日来院山田太郎様": look for a known surname starting in the last five characters.
    for (let i = Math.max(0, cps.length - 5); i < cps.length; i++) {
      const tail = cps.slice(i).join('');
      const s = leadingSurname(tail);
      if (s && [...tail].length - [...s].length <= 3) return tail;
    }
    return null;
  }
  if (cps.length === 1) return KANJI_SURNAMES.has(stem) ? stem : null;
  // 患者様, 当院担当者様: the stem or a tail of two or more characters is a common noun. Single
  // characters (子, 母) only count as the whole stem, or 花子さん would be refused.
  if (STOP_STEMS.has(stem)) return null;
  for (let i = 1; i < cps.length - 1; i++) if (STOP_STEMS.has(cps.slice(i).join(''))) return null;
  if (ROLE_SUFFIX.test(stem) && !KANJI_SURNAMES.has(stem)) return null;
  return stem;
}

function nameFromKatakana(stem: string): string | null {
  if (stem.length < 2 || stem.length > 12 || stem.endsWith('ー') || KATAKANA_STOP.has(stem)) return null;
  return stem;
}

/** A keyword near `index`: in the `n` characters before it, or in the context. */
function near(re: RegExp, text: string, index: number, n: number, context: string): boolean {
  return re.test(text.slice(index > n ? index - n : 0, index)) || (context !== '' && re.test(context));
}

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

function hasAny(text: string, words: readonly string[]): boolean {
  for (const w of words) if (text.includes(w)) return true;
  return false;
}

function detectNames(text: string, c: Compiled, upper: boolean, nonAscii: boolean, emit: Emit): void {
  // Honorifics after a name: 山田太郎様, ヤマダさん, 林殿.
  if (nonAscii && c.honorific && hasAny(text, c.honorifics)) {
    c.honorific.lastIndex = 0;
    for (const m of text.matchAll(c.honorific)) {
      const stem = m[1] as string;
      const after = text.charAt(m.index + m[0].length);
      if (/[\p{sc=Han}々]/u.test(after)) continue; // 様式, 様子, 殿堂, 君主
      const name = /^[\p{sc=Katakana}ー]/u.test(stem) ? nameFromKatakana(stem) : kanjiNameBeforeHonorific(stem);
      if (!name || allowedName(c, name)) continue;
      emit({ kind: 'name', rule: 'name.honorific', masked: maskName(name), index: m.index + m[0].indexOf(name) });
    }
  }
  if (upper) {
    for (const m of text.matchAll(TITLE_NAME)) {
      const v = m.groups?.v as string;
      if (!allowedName(c, v)) emit({ kind: 'name', rule: 'name.honorific', masked: maskName(v), index: m.index });
    }
    if (text.includes('-')) {
      for (const m of text.matchAll(SAN_SUFFIX)) {
        const v = m.groups?.v as string;
        if (!allowedName(c, v)) emit({ kind: 'name', rule: 'name.honorific', masked: maskName(v), index: m.index });
      }
    }
  }
  // Labels: 氏名: 山田太郎, patient name: Taro Yamada.
  if (nonAscii ? /氏名|名前|患者名|フリガナ|ふりがな|name/i.test(text) : /name/i.test(text)) {
    for (const m of text.matchAll(NAME_LABEL)) {
      const v = (m.groups?.v as string).trim();
      if (v.length < 2 || NONE_VALUE.test(v) || /^(?:欄|等|及|記入|記載|入力|変更|確認|不要|必須)/u.test(v) || allowedName(c, v)) continue;
      if (/^[A-Za-z]/.test(v) && v.split(' ').some((w) => EN_STOP.has(w.toLowerCase()))) continue;
      emit({ kind: 'name', rule: 'name.label', masked: maskName(v), index: m.index });
    }
  }
  if (!c.rules.name.surnames || !text.includes(' ')) return;
  // Surname from the list + space + given name: 山田 太郎, ヤマダ タロウ, Taro Yamada, YAMADA Taro.
  if (nonAscii) {
  for (const m of text.matchAll(KANJI_FULL)) {
    const s = m.groups?.s as string;
    const g = m.groups?.g as string;
    if (!KANJI_SURNAMES.has(s) || GIVEN_STOP.test(g) || PLACE_ORG_SUFFIX.test(g) || allowedName(c, s + g)) continue;
    emit({ kind: 'name', rule: 'name.surname', masked: maskName(`${s} ${g}`), index: m.index });
  }
  for (const m of text.matchAll(KATA_FULL)) {
    const s = m.groups?.s as string;
    if (!KATAKANA_SURNAMES.has(s) || KATAKANA_STOP.has(m.groups?.g as string) || allowedName(c, s)) continue;
    emit({ kind: 'name', rule: 'name.surname', masked: maskName(m[0]), index: m.index });
  }
  }
  if (!upper) return;
  for (const m of text.matchAll(ROMAJI_FULL)) {
    const a = (m.groups?.a as string).toLowerCase();
    const b = (m.groups?.b as string).toLowerCase();
    if (EN_STOP.has(a) || EN_STOP.has(b)) continue;
    if (!ROMAJI_SURNAMES.has(a) && !ROMAJI_SURNAMES.has(b)) continue;
    // Both in upper case ("ONO PHARMA") is more often an acronym pair than a name.
    if (/^[A-Z]+ [A-Z]+$/.test(m[0])) continue;
    if (allowedName(c, m.groups?.a as string) || allowedName(c, m.groups?.b as string)) continue;
    emit({ kind: 'name', rule: 'name.surname', masked: maskName(m[0]), index: m.index });
  }
}

function detectInitials(text: string, context: string, nonAscii: boolean, emit: Emit): void {
  if (text.includes('.') || (nonAscii && text.includes('・'))) {
    for (const m of text.matchAll(INITIALS_DOTTED)) {
      const end = m.index + m[0].length;
      const lead = before(text, m.index, 12);
      if (KEYWORDS.initials.test(lead) || HONORIFIC_AFTER.test(text.slice(end, end + 4)) || (context !== '' && KEYWORDS.initials.test(context))) {
        emit({ kind: 'initials', rule: 'initials.context', masked: maskInitials(m[0]), index: m.index });
      }
    }
  }
  if (nonAscii ? /イニシャル|initial/i.test(text) : /initial/i.test(text)) {
    for (const m of text.matchAll(INITIALS_LABEL)) {
      const v = m.groups?.v as string;
      if (/[.・]/.test(v)) continue; // already reported by the dotted form above
      emit({ kind: 'initials', rule: 'initials.label', masked: maskInitials(v), index: m.index });
    }
  }
  if (!nonAscii) return;
  for (const m of text.matchAll(INITIALS_HONORIFIC)) {
    emit({ kind: 'initials', rule: 'initials.honorific', masked: maskInitials(m.groups?.v as string), index: m.index });
  }
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

// ---- whole-cell checks used by the table scanner -----------------------------------------------

/** Looks like a person's name (under a name header): letters, no digits, not a "none" marker. */
export function nameLike(v: string): boolean {
  const t = v.trim();
  if (t.length === 0 || t.length > 60 || NONE_VALUE.test(t)) return false;
  if (/[0-9@]/.test(t)) return false;
  return /[\p{L}]/u.test(t);
}

/** Looks like surname + given name (for columns without a header): 山田太郎, 山田 太郎, ヤマダ タロウ, Taro Yamada. */
export function nameShaped(v: string): boolean {
  const t = v.trim();
  if (t.length < 2 || t.length > 16) return false;
  const c0 = t.charCodeAt(0);
  if (c0 < 128) {
    const m = /^([A-Za-z]{2,12})[ ]([A-Za-z]{2,12})$/.exec(t);
    if (!m) return false;
    const a = (m[1] as string).toLowerCase();
    const b = (m[2] as string).toLowerCase();
    return !EN_STOP.has(a) && !EN_STOP.has(b) && (ROMAJI_SURNAMES.has(a) || ROMAJI_SURNAMES.has(b));
  }
  if (/^[\p{sc=Han}々]{1,4}[ ]?[\p{sc=Han}々]{0,4}$/u.test(t)) {
    const joined = t.replace(' ', '');
    const s = leadingSurname(joined);
    if (!s) return false;
    const rest = joined.length - s.length;
    return rest >= 1 && rest <= 3 && !PLACE_ORG_SUFFIX.test(joined) && !GIVEN_STOP.test(joined.slice(s.length));
  }
  const k = /^([\p{sc=Katakana}ー]{2,8})[ ]([\p{sc=Katakana}ー]{2,8})$/u.exec(t);
  return !!k && KATAKANA_SURNAMES.has(k[1] as string);
}

export const INITIALS_VALUE = /^[A-Z](?:[.・ ]{0,2}[A-Z]){1,2}\.?$/;
export const POSTAL_VALUE = /^〒?[ ]?[0-9]{3}-?[0-9]{4}$/;
