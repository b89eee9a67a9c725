import type { ClockSetting, ClockState } from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';

const DAY = 86_400_000;
const JST = 9 * 3_600_000;

/**
 * The deadline rule. Days count as Japan calendar days from the awareness date (把握日): the day
 * someone became aware does not count (as in the PPC's guidance, "within 30 days" of awareness on
 * 1 April ends on 1 May), so a clock of N days is due at the end of the Japan day awareDate + N,
 * i.e. at 23:59:59 JST of that day. "Overdue" is likewise the end of awareDate + M (M ≥ N); for
 * most legal clocks M = N. An awareness date in the past gives clocks already due or overdue.
 *
 * States, by Japan calendar day: `due_soon` on the day before the due day, `due` from the start of
 * the due day until the overdue instant, `overdue` after it; `upcoming` before that.
 */
export const END_OF_DAY_MS = DAY - 1000;

/** The Japan calendar date (YYYY-MM-DD) of an instant. */
export const tokyoDate = (d: Date) => new Date(d.getTime() + JST).toISOString().slice(0, 10);

/** 23:59:59 JST on the Japan date `days` after the Japan date of `from`. */
export function endOfJapanDay(from: Date, days: number): Date {
  const startOfDay = Date.parse(`${tokyoDate(from)}T00:00:00Z`) - JST;
  return new Date(startOfDay + days * DAY + END_OF_DAY_MS);
}

/** The due and overdue instants of one clock, from the awareness instant and the settings. */
export function clockDeadline(awareAt: Date, s: Pick<ClockSetting, 'dueDays' | 'overdueDays' | 'wrongfulDueDays'>, wrongfulPurpose: boolean): { dueAt: Date; overdueAt: Date } {
  const grace = s.overdueDays - s.dueDays;
  const due = wrongfulPurpose && s.wrongfulDueDays !== null ? s.wrongfulDueDays : s.dueDays;
  return { dueAt: endOfJapanDay(awareAt, due), overdueAt: endOfJapanDay(awareAt, due + grace) };
}

/** Instants around the due instant where the state changes (see the rule above). */
export const dueSoonFrom = (dueAt: Date) => new Date(dueAt.getTime() - DAY - END_OF_DAY_MS);
export const dueFrom = (dueAt: Date) => new Date(dueAt.getTime() - END_OF_DAY_MS);

export interface ClockTimes {
  dueAt: Date;
  overdueAt: Date;
  doneAt: Date | null;
  waived: boolean;
}

export function clockState(c: ClockTimes, now: Date): ClockState {
  if (c.waived) return 'waived';
  if (c.doneAt) return 'done';
  if (now.getTime() > c.overdueAt.getTime()) return 'overdue';
  if (now.getTime() >= dueFrom(c.dueAt).getTime()) return 'due';
  if (now.getTime() >= dueSoonFrom(c.dueAt).getTime()) return 'due_soon';
  return 'upcoming';
}

/** Japan calendar days from today to the due day (0 on the due day, negative after). */
export function daysLeft(dueAt: Date, now: Date): number {
  return Math.round((Date.parse(`${tokyoDate(dueAt)}T00:00:00Z`) - Date.parse(`${tokyoDate(now)}T00:00:00Z`)) / DAY);
}

/** The reminder stages in order; a clock is emailed once per stage. */
export const STAGES = ['due_soon', 'due', 'overdue'] as const;
export type Stage = (typeof STAGES)[number];

/** The latest stage a clock has reached now (null: none yet, or done / waived). */
export function reachedStage(c: ClockTimes, now: Date): Stage | null {
  const s = clockState(c, now);
  return s === 'due_soon' || s === 'due' || s === 'overdue' ? s : null;
}

export type ClockPlan = { kind: ClockKind; dueAt: Date; overdueAt: Date };

/** The clocks a reportable incident gets: every enabled kind, in the settings' order. */
export function planClocks(awareAt: Date, settings: readonly ClockSetting[], wrongfulPurpose: boolean): ClockPlan[] {
  return settings.filter((s) => s.enabled).map((s) => ({ kind: s.kind, ...clockDeadline(awareAt, s, wrongfulPurpose) }));
}
