/**
 * Context words: what a column header, a label cell to the left, or the words just before a
 * number say about it. Headers are compared after normalizeHeader (NFKC, lower case, no spaces or
 * brackets); free-text keywords are searched in NFKC text, case-insensitively.
 */
import type { IdentifierKind } from '../../../../shared/tripwire.js';
import { normalizeHeader } from './normalize.js';

const NAME_HEADER = new RegExp(
  '^(?:' +
    [
      String.raw`(?:患者|被験者|本人|対象者|受診者|入院患者|保護者|家族|代諾者)?(?:氏名|姓名|名前|お名前|姓|名|名字|苗字|ふりがな|フリガナ|よみがな|ヨミガナ|よみ|ヨミ|かな|カナ)(?:漢字|かな|カナ|ふりがな|フリガナ|ローマ字|英字|英語|romaji|alphabet)?(?:氏名|姓|名)?(?:[0-9])?`,
      String.raw`(?:漢字|かな|カナ|ローマ字|英字)(?:氏名|姓名|姓|名)`,
      String.raw`(?:patient|subject|person)?(?:full|first|last|given|family|middle|sur)?names?(?:kana|kanji|romaji|ja|jp|en)?`,
      'kana',
    ].join('|') +
    ')$',
);
const INITIALS_HEADER = /^(?:患者|被験者)?(?:イニシャル|initials?|頭文字)$/;
const BIRTH = /生年月日|誕生日|生年|出生日|birth|dob|d\.o\.b|born/i;
const PHONE = /電話|tel|phone|携帯|連絡先|fax|ファックス|ファクス|mobile|cellphone/i;
const POSTAL = /郵便|〒|postal|zip|postcode/i;
const ADDRESS = /住所|所在地|居住地|自宅|address|addr/i;
const NOT_ADDRESS = /mail|メール|ip|url|web/i;
const MY_NUMBER = /マイナンバー|個人番号|my ?number|individual ?number/i;
const INSURED = /被保険者|保険証|記号番号|記号・番号|insured/i;
const INSURER = /保険者番号|保険者no|保険者|insurer/i;
const EMAIL = /mail|メール/i;
const MRN_HEADER =
  /^(?:カルテ(?:番号|no|id)?|診察券(?:番号|no)?|患者(?:id|番号|no|コード)|病院(?:患者)?(?:id|番号)|院内(?:id|番号)|id|mrn|medicalrecord(?:number|no)?|patientid|hospitalid|chartno|chartnumber)$/;
const ID_LIKE = /id|番号|no$|コード|code|登録|記号/;

/** What a column's header (or a label) says about its values. */
export interface HeaderFlags {
  name: boolean;
  initials: boolean;
  birth: boolean;
  phone: boolean;
  postal: boolean;
  address: boolean;
  myNumber: boolean;
  insurer: boolean;
  insured: boolean;
  email: boolean;
  mrn: boolean;
  /** An identifier-like column (ID, 番号, code): bare 10-digit runs there are not taken for landlines. */
  idLike: boolean;
}

export const NO_FLAGS: HeaderFlags = Object.freeze({
  name: false, initials: false, birth: false, phone: false, postal: false, address: false,
  myNumber: false, insurer: false, insured: false, email: false, mrn: false, idLike: false,
});

export function classifyHeader(raw: string, extraNameHeaders: ReadonlySet<string>, extraMrnHeaders: ReadonlySet<string>): HeaderFlags {
  const h = normalizeHeader(raw);
  if (!h) return NO_FLAGS;
  const insured = INSURED.test(h);
  const email = EMAIL.test(h);
  const flags: HeaderFlags = {
    name: NAME_HEADER.test(h) || extraNameHeaders.has(h),
    initials: INITIALS_HEADER.test(h),
    birth: BIRTH.test(h),
    phone: PHONE.test(h) && !email,
    postal: POSTAL.test(h),
    address: ADDRESS.test(h) && !NOT_ADDRESS.test(h),
    myNumber: MY_NUMBER.test(h),
    insurer: !insured && INSURER.test(h),
    insured,
    email,
    mrn: MRN_HEADER.test(h) || extraMrnHeaders.has(h),
    idLike: ID_LIKE.test(h),
  };
  // The shared NO_FLAGS object when nothing is set, so callers can compare by identity.
  return anyFlag(flags) || flags.idLike ? flags : NO_FLAGS;
}

export const anyFlag = (f: HeaderFlags): boolean =>
  f.name || f.initials || f.birth || f.phone || f.postal || f.address || f.myNumber || f.insurer || f.insured || f.email || f.mrn;

/** Free-text keywords looked for just before a candidate (and in the header/label context). */
export const KEYWORDS = {
  myNumber: MY_NUMBER,
  insurer: /保険者番号|保険者no|保険者|insurer|被保険者|保険証/i,
  phone: PHONE,
  postal: /〒|郵便番号|郵便|住所|postal|zip|post ?code/i,
  address: ADDRESS,
  birth: /生年月日|誕生日|生年|出生|生まれ|birth|dob|d\.o\.b|born/i,
  mrn: /カルテ(?:番号|no|id)?|診察券(?:番号)?|患者(?:id|番号)|病院(?:患者)?id|院内id|mrn|medical record(?: number| no)?|patient id|hospital id|chart (?:no|number)/i,
  initials: /患者|症例|被験者|対象者|イニシャル|initials?|patient|subject|\bpt\b/i,
} as const;

/** Kinds a waiver or rule can name per column, for building waiver sets. */
export type ColumnKind = Exclude<IdentifierKind, 'unreadable' | 'unscanned'>;
