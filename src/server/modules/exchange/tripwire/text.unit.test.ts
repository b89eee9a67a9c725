import { describe, expect, it } from 'vitest';
import { TripwireRules } from '../../../../shared/tripwire.js';
import { insurerNumberValid, luhnCheckDigit, myNumberCheckDigit, myNumberValid } from './check-digits.js';
import { DEFAULT_RULES, scanText } from './scan.js';

const kinds = (text: string, rules = DEFAULT_RULES) => scanText(text, rules).map((f) => f.kind);
const one = (text: string, rules = DEFAULT_RULES) => {
  const f = scanText(text, rules);
  expect(f, text).toHaveLength(1);
  return f[0]!;
};

describe('check digits', () => {
  it('accepts a My Number whose 12th digit is the official check digit, and refuses it changed', () => {
    // 1×6+2×5+3×4+4×3+5×2+6×7+7×6+8×5+9×4+0×3+1×2 = 212; 212 mod 11 = 3; 11 − 3 = 8.
    expect(myNumberValid('123456789018')).toBe(true);
    for (let d = 0; d <= 9; d++) if (d !== 8) expect(myNumberValid(`12345678901${d}`)).toBe(false);
    expect(myNumberCheckDigit('12345678901')).toBe(8);
    // Remainders 0 and 1 both give check digit 0.
    expect(myNumberValid('000000000000')).toBe(true);
    expect(myNumberValid('12345678901')).toBe(false);
  });

  it('accepts insurer numbers with a Luhn check digit (8 digits, or 6 for National Health Insurance)', () => {
    expect(insurerNumberValid('01130012')).toBe(true); // 協会けんぽ 東京支部
    expect(insurerNumberValid('01130013')).toBe(false);
    expect(insurerNumberValid('138057')).toBe(true);
    expect(insurerNumberValid('138058')).toBe(false);
    expect(insurerNumberValid('00000000')).toBe(false);
    expect(luhnCheckDigit('0113001')).toBe(2);
  });
});

describe('scanText: each identifier kind', () => {
  it('finds a My Number only with its check digit and a nearby word', () => {
    const f = one('マイナンバー：1234 5678 9018');
    expect(f).toMatchObject({ kind: 'my_number', rule: 'my_number.check_digit', row: 1, masked: '**** **** **18' });
    expect(kinds('個人番号 123456789012')).toEqual([]); // wrong check digit
    expect(kinds('伝票番号 123456789018')).toEqual([]); // no context
    const loose = TripwireRules.parse({ myNumber: { requireContext: false } });
    expect(kinds('伝票番号 123456789018', loose)).toEqual(['my_number']);
  });

  it('finds insurer numbers with a check digit and context, and insured-person numbers after their label', () => {
    expect(one('保険者番号 01130012')).toMatchObject({ kind: 'insurer_number', masked: '******12' });
    expect(kinds('保険者番号 01130013')).toEqual([]);
    expect(kinds('検体番号 01130012')).toEqual([]);
    expect(one('被保険者証番号: 7654321')).toMatchObject({ kind: 'insurer_number', rule: 'insurer_number.insured' });
  });

  it('finds Japanese phone numbers in their usual forms and masks the middle', () => {
    expect(one('携帯 090-1234-5678')).toMatchObject({ kind: 'phone', masked: '090-****-**78' });
    expect(one('TEL (03)1234-5678')).toMatchObject({ kind: 'phone' });
    expect(one('tel: 03(1234)5678')).toMatchObject({ kind: 'phone' });
    expect(one('+81 90 1234 5678 まで')).toMatchObject({ kind: 'phone' });
    expect(one('+81-3-1234-5678')).toMatchObject({ kind: 'phone' });
    expect(one('自宅 0312345678')).toMatchObject({ kind: 'phone', rule: 'phone.digits' });
    expect(one('09012345678に')).toMatchObject({ kind: 'phone' });
    expect(one('0120-123-456')).toMatchObject({ kind: 'phone' });
    const noBare = TripwireRules.parse({ phone: { bareDigits: false } });
    expect(kinds('番号 0312345678', noBare)).toEqual([]);
    expect(kinds('電話 0312345678', noBare)).toEqual(['phone']);
    expect(kinds('09012345678', noBare)).toEqual(['phone']); // mobile numbers always
  });

  it('finds postal codes after 〒 or near an address word, not bare NNN-NNNN', () => {
    expect(one('〒100-0001')).toMatchObject({ kind: 'postal_code', rule: 'postal_code.mark', masked: '〒1**-****' });
    expect(one('郵便番号 100-0001')).toMatchObject({ kind: 'postal_code', rule: 'postal_code.context' });
    expect(kinds('症例 100-0001 を確認')).toEqual([]);
  });

  it('finds addresses: prefecture + municipality + block number, or a prefecture and city after 住所', () => {
    expect(one('東京都中央区築地5-1-1')).toMatchObject({ kind: 'address', masked: '東京都中央区***' });
    expect(one('横浜市港北区日吉3丁目2番1号に転居')).toMatchObject({ kind: 'address' });
    expect(one('住所: 大阪府吹田市')).toMatchObject({ kind: 'address', rule: 'address.context' });
    expect(kinds('東京都の施設から登録')).toEqual([]);
    expect(kinds('95%信頼区間1-3')).toEqual([]);
  });

  it('finds dates of birth in Western and era forms only when they are said to be births', () => {
    expect(one('生年月日 1960/5/3')).toMatchObject({ kind: 'birth_date', masked: '19**/*/*' });
    expect(one('生年月日：昭和35年5月3日')).toMatchObject({ kind: 'birth_date', masked: '昭和**年*月*日' });
    expect(one('DOB: 1960-05-03')).toMatchObject({ kind: 'birth_date' });
    expect(one('S35.5.3生')).toMatchObject({ kind: 'birth_date' });
    expect(one('平成元年1月8日生まれ')).toMatchObject({ kind: 'birth_date' });
    expect(one('誕生日 R2/5/1')).toMatchObject({ kind: 'birth_date' });
    expect(one('生年月日\n1960年5月3日')).toMatchObject({ kind: 'birth_date', row: 2 });
    expect(kinds('生年月日 昭和70年1月1日')).toEqual([]); // no such year
    expect(kinds('生年月日 1960/2/30')).toEqual([]); // no such day
    expect(kinds('生年月 1960/05')).toEqual([]); // birth year-month is allowed
  });

  it('finds email addresses, except in allowed domains', () => {
    expect(one('連絡は taro.yamada@example.com へ')).toMatchObject({ kind: 'email', masked: 't***@example.com' });
    const rules = TripwireRules.parse({ email: { allowDomains: ['dc.example.org'] } });
    expect(kinds('送付先 office@dc.example.org', rules)).toEqual([]);
    expect(kinds('送付先 office@mail.dc.example.org', rules)).toEqual([]);
  });

  it('finds names: honorifics, labels, surname + given name in kanji, katakana and romaji', () => {
    expect(one('山田太郎様の検査結果')).toMatchObject({ kind: 'name', rule: 'name.honorific', masked: '山田***' });
    expect(one('ヤマダさんから電話あり')).toMatchObject({ kind: 'name' });
    expect(one('林殿')).toMatchObject({ kind: 'name' });
    expect(one('本日来院した佐藤花子さんについて')).toMatchObject({ kind: 'name' });
    expect(one('氏名：鈴木一郎')).toMatchObject({ kind: 'name', rule: 'name.label' });
    expect(one('山田 太郎')).toMatchObject({ kind: 'name', rule: 'name.surname' });
    expect(one('ヤマダ タロウ')).toMatchObject({ kind: 'name', rule: 'name.surname' });
    expect(one('Patient: Taro Yamada')).toMatchObject({ kind: 'name' });
    expect(one('Mr. Tanaka called')).toMatchObject({ kind: 'name' });
  });

  it('does not take common words with 様/さん for names', () => {
    expect(kinds('皆様、患者様、ご家族様、担当者様、同様に仕様書の様式1、様々な事務局様、お子さん、看護師さん、モニターさん、先生方')).toEqual([]);
    expect(kinds('中村 病院の山田先生')).toEqual([]);
  });

  it("leaves the sender's and recipients' own names alone when told", () => {
    expect(kinds('山田さん、ファイルを送ります。佐藤')).toEqual(['name']);
    expect(scanText('山田さん、ファイルを送ります。', DEFAULT_RULES, { allowNames: ['山田 花子', '山田'] })).toEqual([]);
  });

  it('finds initials in free text with a patient word or an honorific', () => {
    expect(one('患者 T.Y. の経過')).toMatchObject({ kind: 'initials', masked: '*.*.' });
    expect(one('Y.T.さんの件')).toMatchObject({ kind: 'initials' });
    expect(one('イニシャル: TY')).toMatchObject({ kind: 'initials' });
    expect(kinds('9 A.M. に開始、U.S. の施設')).toEqual([]);
  });

  it('finds medical record numbers after their keyword, and by per-institution pattern', () => {
    expect(one('カルテ番号 12345678 の件')).toMatchObject({ kind: 'mrn', rule: 'mrn.keyword', masked: '******78' });
    const rules = TripwireRules.parse({ mrn: { keywordInText: false, patterns: [{ id: 'inst-a', label: 'A病院', pattern: '^\\d{8}$' }] } });
    expect(one('患者ID: 12345678', rules)).toMatchObject({ rule: 'mrn.pattern:inst-a' });
    expect(kinds('患者ID: AB-1234', rules)).toEqual([]);
  });

  it('reads full-width digits, hyphens and spaces after NFKC', () => {
    expect(one('電話　０９０ー１２３４ー５６７８')).toMatchObject({ kind: 'phone', masked: '090-****-**78' });
    expect(one('個人番号：１２３４５６７８９０１８')).toMatchObject({ kind: 'my_number' });
    expect(one('〒１００－０００１')).toMatchObject({ kind: 'postal_code' });
    expect(one('生年月日　㍼35年5月3日')).toMatchObject({ kind: 'birth_date' });
  });

  it('reports the line of each finding and never the value', () => {
    const f = scanText('ご確認ください。\n\n山田太郎様\n電話 03-1234-5678');
    expect(f.map((x) => [x.kind, x.row])).toEqual([
      ['name', 3],
      ['phone', 4],
    ]);
    expect(JSON.stringify(f)).not.toMatch(/山田太郎|1234-5678/);
  });

  it('turns detectors off by rule', () => {
    const rules = TripwireRules.parse({ phone: { enabled: false }, name: { enabled: false } });
    expect(kinds('山田太郎様 090-1234-5678', rules)).toEqual([]);
  });
});

describe('scanText: quiet on what is not an identifier', () => {
  it.each([
    ['trial numbers', 'JCOG1234 の症例について、jRCTs031190001 / UMIN000012345 / NCT01234567'],
    ['registration numbers', '登録番号 1234-001 と 1234-002、症例番号 0012'],
    ['visit and measurement dates', '来院日 2024/05/01、検査日 2024年5月8日、R6.5.1 に再診、次回 2024-06-01'],
    ['lab values', 'AST 23 U/L, ALT 31, Hb 12.5 g/dL, WBC 5600/μL, CRP 0.12, eGFR 58.3'],
    ['ICD-10 codes', 'C18.9, C34.1, E11.9, I10 を確認'],
    ['protocol text', '第III相試験、Grade 3 の好中球減少、95%信頼区間 0.71-0.98、p=0.012'],
    ['a transfer message', '先日の症例報告書を送付します。ご確認のほどよろしくお願いいたします。データセンター 御中'],
  ])('%s', (_name, text) => {
    expect(scanText(text)).toEqual([]);
  });
});

describe('rules schema', () => {
  it('fills every default from an empty object, and refuses bad patterns and reasonless waivers', () => {
    expect(TripwireRules.parse({})).toEqual(DEFAULT_RULES);
    expect(DEFAULT_RULES.maxFindings).toBe(500);
    expect(TripwireRules.safeParse({ mrn: { patterns: [{ id: 'x', pattern: '([' }] } }).success).toBe(false);
    expect(TripwireRules.safeParse({ waivers: [{ column: 'A', kinds: ['name'], reason: '' }] }).success).toBe(false);
    expect(TripwireRules.safeParse({ waivers: [{ column: 'A', kinds: ['unreadable'], reason: 'x' }] }).success).toBe(false);
  });
});
