import { sql, type SQL } from 'drizzle-orm';

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/** Today's date in Japan (YYYY-MM-DD): due dates and the fiscal year are calendar days there. */
export const tokyoToday = (now: Date) => new Date(now.getTime() + JST).toISOString().slice(0, 10);
/** A calendar day `days` after `date` (YYYY-MM-DD). */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The Japanese fiscal year of a moment: it starts on April 1 in Japan (2027-03-31 is still FY2026). */
export function fiscalYear(now: Date): number {
  const [y, m] = tokyoToday(now).split('-').map(Number) as [number, number];
  return m >= 4 ? y : y - 1;
}

/** The cycle a course assigns now: 'once', or the current fiscal year ('FY2026'). */
export function currentCycle(recurrence: string, now: Date): string {
  return recurrence === 'fiscal_year' ? `FY${fiscalYear(now)}` : 'once';
}

/** SQL for the current cycle of the course aliased `c` (the same rule as currentCycle). */
export function currentCycleSql(now: Date, c: SQL = sql.raw('c')): SQL {
  return sql`(case when ${c}.recurrence = 'fiscal_year' then ${`FY${fiscalYear(now)}`} else 'once' end)`;
}

/** Names in the two languages, as the product writes them. */
export const nameJa = (p: { familyNameJa: string; givenNameJa: string }) => `${p.familyNameJa} ${p.givenNameJa}`.trim();
export const nameEn = (p: { familyNameEn: string; givenNameEn: string }) => `${p.givenNameEn} ${p.familyNameEn}`.trim();
