/**
 * Names and initials in text (honorifics, labels, full names, romaji with a title), and the
 * whole-cell name checks the table scanner uses. Part of the detectors (detect.ts).
 */
import type { Compiled } from './compiled.js';
import { KEYWORDS } from './context.js';
import type { Emit } from './detect.js';
import { maskInitials, maskName } from './mask.js';
import { before } from './nearby.js';
import { KANJI_SURNAMES, KATAKANA_SURNAMES, leadingSurname, ROMAJI_SURNAMES } from './surnames.js';

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

function hasAny(text: string, words: readonly string[]): boolean {
  for (const w of words) if (text.includes(w)) return true;
  return false;
}

export function detectNames(text: string, c: Compiled, upper: boolean, nonAscii: boolean, emit: Emit): void {
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

export function detectInitials(text: string, context: string, nonAscii: boolean, emit: Emit): void {
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
