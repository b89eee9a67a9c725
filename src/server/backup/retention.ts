/** How many generations to keep: the newest backup of each of the last N days, weeks and months. */
export interface RetentionPolicy {
  daily: number;
  weekly: number;
  monthly: number;
}

/** Calendar keys in Japan time (backups are taken at night there). */
const JST = 9 * 3_600_000;
const dayKey = (d: Date) => new Date(d.getTime() + JST).toISOString().slice(0, 10);
const monthKey = (d: Date) => dayKey(d).slice(0, 7);
function weekKey(d: Date): string {
  // ISO week: the Thursday of the week decides its year.
  const t = new Date(`${dayKey(d)}T00:00:00Z`);
  const dow = (t.getUTCDay() + 6) % 7;
  t.setUTCDate(t.getUTCDate() - dow + 3);
  const firstThursday = new Date(Date.UTC(t.getUTCFullYear(), 0, 4));
  const week = 1 + Math.round((t.getTime() - firstThursday.getTime()) / 86_400_000 / 7 - ((firstThursday.getUTCDay() + 6) % 7 - 3) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

/**
 * Which backups to keep (grandfather-father-son): the newest of each of the last `daily` days,
 * `weekly` ISO weeks and `monthly` months that have a backup, and always the newest backup.
 * Returns the names to delete.
 */
export function backupsToDelete(backups: ReadonlyArray<{ name: string; createdAt: Date }>, policy: RetentionPolicy): string[] {
  const newestFirst = [...backups].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keep = new Set<string>();
  if (newestFirst[0]) keep.add(newestFirst[0].name);
  for (const [key, n] of [
    [dayKey, policy.daily],
    [weekKey, policy.weekly],
    [monthKey, policy.monthly],
  ] as const) {
    const seen = new Set<string>();
    for (const b of newestFirst) {
      const k = key(b.createdAt);
      if (seen.has(k)) continue;
      if (seen.size >= n) break;
      seen.add(k);
      keep.add(b.name);
    }
  }
  return newestFirst.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
