import { and, desc, eq, isNull, not } from 'drizzle-orm';
import { CLOCK_ORDER, type DecisionDto } from '../../../shared/breach.js';
import type { ClockKind } from '../../../shared/incidents.js';
import type { Actor } from '../../authz/actor.js';
import type { Conn } from '../../db/client.js';
import { breachAssessments, incidentClocks, type incidents } from '../../db/schema/index.js';
import { planClocks, reachedStage, STAGES } from './breach.deadlines.js';
import { loadClockSettings } from './breach.settings.js';

/** The note a clock gets when a re-assessment finds the incident no longer reportable (it comes back if it becomes reportable again). */
export const AUTO_WAIVE_NOTE = '再判定により報告対象外となったため不要 / Not needed: the re-assessment found the incident not reportable';

/** What happened to one clock when the clocks were brought in line. */
export interface ClockChangeNote {
  kind: string;
  change: 'created' | 'moved' | 'waived' | 'restored';
  dueAt?: string;
}

/**
 * Makes the clocks follow the decision. Reportable: every enabled clock kind exists, and those
 * not done get deadlines from the awareness date and the current settings (a wrongful purpose
 * found later moves the final report to 60 days); clocks waived by an earlier "not reportable"
 * come back. Not reportable: open clocks are waived with a note. Undetermined: nothing changes.
 * Done clocks and clocks waived by hand are left as they are.
 */
export async function syncClocks(
  tx: Conn,
  i: Pick<typeof incidents.$inferSelect, 'id' | 'awareAt'>,
  d: Pick<DecisionDto, 'result' | 'wrongfulPurpose'>,
  now: Date,
  actor: Actor,
): Promise<ClockChangeNote[]> {
  const existing = await tx.select().from(incidentClocks).where(eq(incidentClocks.incidentId, i.id));
  const changes: ClockChangeNote[] = [];
  if (d.result === 'undetermined') return changes;
  if (d.result === 'not_reportable') {
    for (const c of existing.filter((c) => !c.doneAt && !c.waived)) {
      await tx
        .update(incidentClocks)
        .set({ waived: true, note: AUTO_WAIVE_NOTE, waivedAt: now, waivedBy: actor.personId, waiverReason: AUTO_WAIVE_NOTE, updatedAt: now })
        .where(eq(incidentClocks.id, c.id));
      changes.push({ kind: c.kind, change: 'waived' });
    }
    return changes;
  }
  const { clocks: settings } = await loadClockSettings(tx);
  for (const p of planClocks(i.awareAt, settings, d.wrongfulPurpose)) {
    const c = existing.find((x) => x.kind === p.kind);
    if (!c) {
      await tx.insert(incidentClocks).values({ incidentId: i.id, kind: p.kind, dueAt: p.dueAt, overdueAt: p.overdueAt, notified: [], createdAt: now, updatedAt: now });
      changes.push({ kind: p.kind, change: 'created', dueAt: p.dueAt.toISOString() });
      continue;
    }
    if (c.doneAt) continue;
    const restore = c.waived && c.note === AUTO_WAIVE_NOTE;
    if (c.waived && !restore) continue;
    const moved = c.dueAt.getTime() !== p.dueAt.getTime() || c.overdueAt.getTime() !== p.overdueAt.getTime();
    if (!moved && !restore) continue;
    // Keep the reminders already sent for stages still reached; a later deadline reminds again.
    const reached = reachedStage({ ...p, doneAt: null, waived: false }, now);
    const upTo = reached ? STAGES.slice(0, STAGES.indexOf(reached) + 1) : [];
    const notified = c.notified.filter((s) => (upTo as readonly string[]).includes(s));
    await tx
      .update(incidentClocks)
      .set({ dueAt: p.dueAt, overdueAt: p.overdueAt, notified, ...(restore ? { waived: false, note: null, doneBy: null, waivedAt: null, waivedBy: null, waiverReason: null } : {}), updatedAt: now })
      .where(eq(incidentClocks.id, c.id));
    changes.push({ kind: p.kind, change: restore ? 'restored' : 'moved', dueAt: p.dueAt.toISOString() });
  }
  return changes;
}

/**
 * After the awareness date of an incident is corrected, moves its open clocks to match, as the
 * latest breach assessment decided them (no assessment yet: no clocks to move).
 */
export async function realignClocks(tx: Conn, i: Pick<typeof incidents.$inferSelect, 'id' | 'awareAt'>, now: Date, actor: Actor): Promise<ClockChangeNote[]> {
  const [last] = await tx.select().from(breachAssessments).where(eq(breachAssessments.incidentId, i.id)).orderBy(desc(breachAssessments.version)).limit(1);
  if (!last || last.result !== 'reportable') return [];
  return syncClocks(tx, i, { result: 'reportable', wrongfulPurpose: last.wrongfulPurpose }, now, actor);
}

/**
 * The clocks that keep an incident from closing: neither done nor waived (APPI Art. 26 duties
 * still outstanding). Listed in the usual clock order.
 */
export async function clocksBlockingClose(conn: Conn, incidentId: string): Promise<ClockKind[]> {
  const rows = await conn
    .select({ kind: incidentClocks.kind })
    .from(incidentClocks)
    .where(and(eq(incidentClocks.incidentId, incidentId), isNull(incidentClocks.doneAt), not(incidentClocks.waived)));
  return rows.map((r) => r.kind as ClockKind).sort((a, b) => CLOCK_ORDER.indexOf(a) - CLOCK_ORDER.indexOf(b));
}
