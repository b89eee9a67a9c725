const DAY = 86_400_000;

/** Today's date in Japan (YYYY-MM-DD): review dates, acceptance expiry and deadlines are calendar days there. */
export const tokyoToday = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);
/** A calendar day `days` after `date` (YYYY-MM-DD). */
export const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** The date `days` from `now`, as a Japan calendar date (YYYY-MM-DD). */
export function tokyoDate(now: Date, days = 0): string {
  return new Date(now.getTime() + 9 * 3_600_000 + days * DAY).toISOString().slice(0, 10);
}
