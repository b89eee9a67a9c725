import { describe, expect, it } from 'vitest';
import { backupsToDelete } from './retention.js';

/** One backup a night at 02:00 JST (17:00 UTC the day before) for `days` days up to 2026-12-08. */
function nightly(days: number) {
  return Array.from({ length: days }, (_, i) => {
    const createdAt = new Date(Date.UTC(2026, 11, 7 - i, 17, 0));
    return { name: `mamori-${createdAt.toISOString()}`, createdAt };
  });
}

describe('backup retention (grandfather-father-son)', () => {
  it('keeps 7 daily, 4 weekly and 12 monthly generations out of a year of nightly backups', () => {
    const all = nightly(400);
    const deleted = new Set(backupsToDelete(all, { daily: 7, weekly: 4, monthly: 12 }));
    const kept = all.filter((b) => !deleted.has(b.name));
    // The last 7 nights, the newest of 4 ISO weeks (3 beyond the dailies' own week, at most) and of 12 months.
    expect(kept.slice(0, 7).map((b) => b.name)).toEqual(all.slice(0, 7).map((b) => b.name));
    expect(kept.length).toBeGreaterThanOrEqual(7 + 2 + 10);
    expect(kept.length).toBeLessThanOrEqual(7 + 4 + 12);
    // The oldest kept is about a year old, none older than 12 months.
    const oldest = kept.at(-1)!.createdAt;
    expect(oldest.getTime()).toBeGreaterThan(Date.UTC(2025, 11, 1));
    expect(oldest.getTime()).toBeLessThan(Date.UTC(2026, 0, 31));
  });

  it('keeps the newest backup of a day, never deletes the newest one, and keeps everything within the limits', () => {
    const twoToday = [
      { name: 'a', createdAt: new Date('2026-12-07T17:00:00Z') },
      { name: 'b', createdAt: new Date('2026-12-08T01:00:00Z') },
    ];
    expect(backupsToDelete(twoToday, { daily: 7, weekly: 0, monthly: 0 })).toEqual(['a']);
    expect(backupsToDelete(twoToday, { daily: 0, weekly: 0, monthly: 0 })).toEqual(['a']);
    expect(backupsToDelete(nightly(5), { daily: 7, weekly: 4, monthly: 12 })).toEqual([]);
  });
});
