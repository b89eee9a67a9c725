import type { Conn } from '../../../db/client.js';
import { institutions, laws, people, researchGroups, studies, units } from '../../../db/schema/index.js';
import type { ValueProblem } from '../../org/import/code-lookup.js';

/**
 * Reading an asset row's cells: fixed values by code or label in either language, dates as
 * spreadsheets write them, numbers, and registry entries by code or name.
 */

/** The form values are compared in: NFKC, lower case, without spaces, underscores, hyphens and middle dots. */
export const looseKey = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[\s_\-・･]+/g, '');

/** Whether a parse result is a problem rather than a value. */
export const failed = (x: unknown): x is ValueProblem => typeof x === 'object' && x !== null && 'code' in x && 'message' in x && !('id' in x);

/** A fixed list of values: each accepted as its code, its Japanese or English label, or an alias. */
export class Choice<K extends string> {
  private readonly byKey = new Map<string, K>();

  constructor(
    private readonly what: string,
    words: Record<K, { ja: string; en: string }>,
    aliases: Partial<Record<string, K>> = {},
  ) {
    for (const [code, w] of Object.entries(words) as [K, { ja: string; en: string }][]) {
      for (const k of [code, w.ja, w.en]) this.byKey.set(looseKey(k), code);
    }
    for (const [alias, code] of Object.entries(aliases)) if (code) this.byKey.set(looseKey(alias), code);
  }

  parse(value: string): K | ValueProblem {
    const hit = this.byKey.get(looseKey(value));
    if (hit) return hit;
    return { code: 'INVALID', message: `"${value}" is not a known ${this.what}.` };
  }
}

/** A calendar date: 2030-03-31, 2030/3/31, 2030.3.31, 2030年3月31日 (a time of 00:00 after it is ignored). */
export function parseDate(value: string): string | ValueProblem {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]0{1,2}:00(?::00)?)?$/.exec(value.trim());
  const bad = { code: 'INVALID', message: `"${value}" is not a date. Write it as 2030-03-31 or 2030/3/31.` };
  if (!m) return bad;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) return bad;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** A C/I/A value: a whole number on the scale; on a 3-step scale also low / medium / high (低・中・高). */
export function parseLevel(value: string, max: number): number | ValueProblem {
  const v = looseKey(value);
  const words: Record<string, number> = max === 3 ? { 低: 1, 中: 2, 高: 3, low: 1, medium: 2, middle: 2, high: 3, l: 1, m: 2, h: 3 } : {};
  const n = words[v] ?? (/^\d+$/.test(v) ? Number(v) : NaN);
  if (!Number.isInteger(n) || n < 1 || n > max) return { code: 'OUT_OF_SCALE', message: `"${value}" is not a value on the scale: use a whole number from 1 to ${max}.` };
  return n;
}

/** Hours for RTO / RPO: a number, optionally with a unit (24h, 24時間, 3日, 3 days). */
export function parseHours(value: string): number | ValueProblem {
  const m = /^(\d+(?:\.\d+)?)\s*(h|hours?|hrs?|時間|d|days?|日)?$/i.exec(value.normalize('NFKC').trim());
  const n = m ? Number(m[1]) * (m[2] && /^(d|days?|日)$/i.test(m[2]) ? 24 : 1) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > 100_000) return { code: 'INVALID', message: `"${value}" is not a number of hours (e.g. 24 or 3日).` };
  return n;
}

/** Splits a list cell on ";" (NFKC turns "；" into ";") or line breaks. */
export const splitList = (cell: string) => [...new Set(cell.split(/[;\n]/).map((s) => s.trim()).filter(Boolean))];

export interface Entry {
  id: string;
  active: boolean;
  /** How messages name it. */
  label: string;
}

/**
 * Registry entries found by code (exactly) or by any of their names (loosely). A name two entries
 * share is ambiguous and must be given as a code.
 */
export class Lookup {
  private readonly exact = new Map<string, Entry>();
  private readonly loose = new Map<string, Entry | 'ambiguous'>();

  constructor(private readonly what: string) {}

  add(entry: Entry, codes: (string | null | undefined)[], names: (string | null | undefined)[]): void {
    for (const c of codes) if (c) this.exact.set(c, entry);
    for (const n of [...codes, ...names]) {
      if (!n) continue;
      const k = looseKey(n);
      if (!k) continue;
      const cur = this.loose.get(k);
      this.loose.set(k, cur === undefined || (cur !== 'ambiguous' && cur.id === entry.id) ? entry : 'ambiguous');
    }
  }

  find(value: string): Entry | ValueProblem {
    const hit = this.exact.get(value) ?? this.loose.get(looseKey(value));
    if (hit === 'ambiguous') return { code: 'AMBIGUOUS', message: `More than one ${this.what} is called "${value}"; use its code.` };
    if (!hit) {
      const hint = /[,、]/.test(value) ? ' Separate several with ";".' : '';
      return { code: 'UNKNOWN_CODE', message: `Unknown ${this.what} "${value}".${hint}` };
    }
    if (!hit.active) return { code: 'INACTIVE_CODE', message: `The ${this.what} "${value}" is deactivated.` };
    return hit;
  }
}

export interface Directory {
  units: Lookup;
  institutions: Lookup;
  researchGroups: Lookup;
  studies: Lookup;
  laws: Lookup;
  people: Lookup;
}

/**
 * Every registry entry an asset row may name, loaded once per pass: units, institutions, groups,
 * studies and laws hold hundreds of rows; people a few thousand.
 */
export async function loadDirectory(conn: Conn): Promise<Directory> {
  // One after the other: inside the import's transaction they share one connection.
  const u = await conn.select({ id: units.id, code: units.code, nameJa: units.nameJa, nameEn: units.nameEn, active: units.active }).from(units);
  const i = await conn.select({ id: institutions.id, code: institutions.code, nameJa: institutions.nameJa, nameEn: institutions.nameEn, active: institutions.active }).from(institutions);
  const g = await conn.select({ id: researchGroups.id, code: researchGroups.code, nameJa: researchGroups.nameJa, nameEn: researchGroups.nameEn, active: researchGroups.active }).from(researchGroups);
  const s = await conn.select({ id: studies.id, code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn, active: studies.active }).from(studies);
  const l = await conn
    .select({ id: laws.id, seedKey: laws.seedKey, titleJa: laws.titleJa, titleEn: laws.titleEn, shortJa: laws.shortNameJa, shortEn: laws.shortNameEn, retiredAt: laws.retiredAt })
    .from(laws);
  const p = await conn
    .select({ id: people.id, email: people.email, fj: people.familyNameJa, gj: people.givenNameJa, fe: people.familyNameEn, ge: people.givenNameEn, active: people.active })
    .from(people);
  const dir: Directory = {
    units: new Lookup('unit'),
    institutions: new Lookup('institution'),
    researchGroups: new Lookup('research group'),
    studies: new Lookup('study'),
    laws: new Lookup('law or norm'),
    people: new Lookup('person'),
  };
  for (const r of u) dir.units.add({ id: r.id, active: r.active, label: r.code }, [r.code], [r.nameJa, r.nameEn]);
  for (const r of i) dir.institutions.add({ id: r.id, active: r.active, label: r.code }, [r.code], [r.nameJa, r.nameEn]);
  for (const r of g) dir.researchGroups.add({ id: r.id, active: r.active, label: r.code }, [r.code], [r.nameJa, r.nameEn]);
  for (const r of s) dir.studies.add({ id: r.id, active: r.active, label: r.code }, [r.code], [r.titleJa, r.titleEn]);
  for (const r of l) dir.laws.add({ id: r.id, active: r.retiredAt === null, label: r.titleEn }, [r.seedKey], [r.titleJa, r.titleEn, r.shortJa, r.shortEn]);
  for (const r of p) {
    const email = r.email.toLowerCase();
    dir.people.add({ id: r.id, active: r.active, label: email }, [email], [`${r.fj}${r.gj}`, `${r.ge} ${r.fe}`, `${r.fe} ${r.ge}`]);
  }
  return dir;
}

/** Finds a person by email address (any case) or unique full name. */
export const findPerson = (dir: Directory, value: string) => dir.people.find(value.includes('@') ? value.toLowerCase() : value);
