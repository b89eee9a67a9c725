/**
 * Dates in the forms Japanese clinical files use: 1960/5/3, 1960-05-03, 1960.5.3, 1960年5月3日,
 * 19600503 (whole cell only), 05/03/1960, and era forms 昭和35年5月3日, S35.5.3, H1/1/8, 令和元年5月1日
 * (明治 M, 大正 T, 昭和 S, 平成 H, 令和 R). Input is already NFKC-normalised (so ㍼ is 昭和 and
 * full-width digits are ASCII).
 */

export interface Ymd {
  y: number;
  m: number;
  d: number;
}

const ERAS: Record<string, { start: number; years: number }> = {
  明治: { start: 1868, years: 45 },
  大正: { start: 1912, years: 15 },
  昭和: { start: 1926, years: 64 },
  平成: { start: 1989, years: 31 },
  令和: { start: 2019, years: 99 },
};
const ERA_LETTER: Record<string, string> = { m: '明治', t: '大正', s: '昭和', h: '平成', r: '令和' };

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function validYmd(y: number, m: number, d: number): Ymd | null {
  if (!(y >= 1868 && y <= 2100 && m >= 1 && m <= 12 && d >= 1)) return null;
  if (d > daysIn(y, m)) return null;
  return { y, m, d };
}

function eraYear(era: string, year: string): number | null {
  const name = ERAS[era] ? era : ERA_LETTER[era.toLowerCase()];
  const e = name ? ERAS[name] : undefined;
  if (!e) return null;
  const n = year === '元' ? 1 : Number(year);
  if (!(n >= 1 && n <= e.years)) return null;
  return e.start + n - 1;
}

const W = String.raw`(?<wy>1[89][0-9]{2}|20[0-9]{2})[ ]?(?:[-/.]|年)[ ]?(?<wm>[0-9]{1,2})[ ]?(?:[-/.]|月)[ ]?(?<wd>[0-9]{1,2})(?:[ ]?日)?`;
const E = String.raw`(?<era>明治|大正|昭和|平成|令和|(?<![A-Za-z])[MTSHRmtshr])[ ]?\.?[ ]?(?<ey>[0-9]{1,2}|元)[ ]?(?:[-/.]|年)[ ]?(?<em>[0-9]{1,2})[ ]?(?:[-/.]|月)[ ]?(?<ed>[0-9]{1,2})(?:[ ]?日)?`;
const X = String.raw`(?<xa>[0-9]{1,2})[-/.](?<xb>[0-9]{1,2})[-/.](?<xy>1[89][0-9]{2}|20[0-9]{2})`;

/** Every full date in a text (global; reset lastIndex or use matchAll). */
export const DATE_IN_TEXT = new RegExp(String.raw`(?<![0-9])(?:${W}|${E}|${X})(?![0-9])`, 'g');
/** Cheap test: can this text contain a full date at all? */
export const MAYBE_DATE = /[0-9][-/.年][0-9]{1,2}[-/.月][0-9]/;

/** Turns a DATE_IN_TEXT match into a valid date, or null (31 February, 昭和70年, …). */
export function dateFromMatch(m: RegExpExecArray | RegExpMatchArray): Ymd | null {
  const g = m.groups ?? {};
  if (g.wy) return validYmd(Number(g.wy), Number(g.wm), Number(g.wd));
  if (g.era) {
    const y = eraYear(g.era, g.ey as string);
    return y === null ? null : validYmd(y, Number(g.em), Number(g.ed));
  }
  if (g.xy) {
    const y = Number(g.xy);
    const a = Number(g.xa);
    const b = Number(g.xb);
    // Day-first or month-first: either reading being a date is enough to call it one.
    return validYmd(y, b, a) ?? validYmd(y, a, b);
  }
  return null;
}

const WHOLE = new RegExp(String.raw`^(?:${W}|${E}|${X})(?:(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)|生|生まれ)?$`);
const COMPACT = /^(1[89][0-9]{2}|20[0-9]{2})([01][0-9])([0-3][0-9])$/;

/** A whole cell that is a full date (also YYYYMMDD and an ISO timestamp), or null. */
export function parseFullDate(value: string): Ymd | null {
  const v = value.trim();
  if (v.length < 6 || v.length > 40) return null;
  const m = WHOLE.exec(v);
  if (m) return dateFromMatch(m);
  const c = COMPACT.exec(v);
  if (c) return validYmd(Number(c[1]), Number(c[2]), Number(c[3]));
  return null;
}

/** Excel serial day number → date (1900 system, or 1904 when the workbook says so). */
export function excelSerialToYmd(serial: number, date1904: boolean): Ymd | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // 1900 system: day 60 is Excel's fictitious 29 February 1900; later days are off by one.
  const ms = Date.UTC(1899, 11, days >= 61 || date1904 ? 30 : 31) + days * 86_400_000;
  const d = new Date(ms);
  return validYmd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export const ymdString = (x: Ymd): string => `${x.y}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;

/** At least `years` full years before `now`. */
export function olderThan(x: Ymd, now: Date, years: number): boolean {
  const ny = now.getUTCFullYear() - years;
  const nm = now.getUTCMonth() + 1;
  const nd = now.getUTCDate();
  return x.y < ny || (x.y === ny && (x.m < nm || (x.m === nm && x.d <= nd)));
}
