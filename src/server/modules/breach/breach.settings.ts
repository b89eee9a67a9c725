import { DEFAULT_CLOCK_SETTINGS, MANDATORY_CLOCKS, type BreachSettingsDto, type ClockSetting, type UpdateBreachSettings } from '../../../shared/breach.js';
import type { Actor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { breachClockSettings } from '../../db/schema/index.js';
import { ValidationError } from '../../errors.js';

/** The clock settings in force: saved rows over the defaults, in the defaults' order. */
export async function loadClockSettings(conn: Conn): Promise<{ clocks: ClockSetting[]; updatedAt: Date | null }> {
  const rows = await conn.select().from(breachClockSettings);
  const byKind = new Map(rows.map((r) => [r.kind, r]));
  const clocks = DEFAULT_CLOCK_SETTINGS.map((d) => {
    const r = byKind.get(d.kind);
    return r ? { kind: d.kind, enabled: MANDATORY_CLOCKS.includes(d.kind) ? true : r.enabled, dueDays: r.dueDays, overdueDays: r.overdueDays, wrongfulDueDays: d.kind === 'ppc_final' ? (r.wrongfulDueDays ?? d.wrongfulDueDays) : null } : { ...d };
  });
  const updatedAt = rows.reduce<Date | null>((m, r) => (!m || r.updatedAt > m ? r.updatedAt : m), null);
  return { clocks, updatedAt };
}

export async function getSettings(ctx: AppContext, actor: Actor): Promise<BreachSettingsDto> {
  await ctx.authz.require(actor, 'breach.configure');
  const s = await loadClockSettings(ctx.db);
  return { clocks: s.clocks, updatedAt: s.updatedAt?.toISOString() ?? null };
}

/**
 * Saves the clock settings (the manager). The legal clocks (PPC reports, notice to the people
 * affected) cannot be switched off; only the PPC final report has a wrongful-purpose due day.
 * New settings apply to assessments saved from now on (a re-assessment recomputes the clocks not
 * yet done); clocks already running keep their deadlines until then.
 */
export async function updateSettings(ctx: AppContext, actor: Actor, input: UpdateBreachSettings): Promise<BreachSettingsDto> {
  await ctx.authz.require(actor, 'breach.configure');
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  input.clocks.forEach((c, i) => {
    if (seen.has(c.kind)) problems.push({ path: `clocks.${i}.kind`, message: 'appears twice' });
    seen.add(c.kind);
    if (!c.enabled && MANDATORY_CLOCKS.includes(c.kind)) problems.push({ path: `clocks.${i}.enabled`, message: 'a legal clock cannot be switched off' });
    if (c.kind === 'ppc_final' && c.wrongfulDueDays === null) problems.push({ path: `clocks.${i}.wrongfulDueDays`, message: 'required for the final report' });
    if (c.kind === 'ppc_final' && c.wrongfulDueDays !== null && c.wrongfulDueDays < c.dueDays) problems.push({ path: `clocks.${i}.wrongfulDueDays`, message: 'must be on or after the due day' });
    if (c.kind !== 'ppc_final' && c.wrongfulDueDays !== null) problems.push({ path: `clocks.${i}.wrongfulDueDays`, message: 'only the final report has one' });
  });
  if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
  return ctx.db.transaction(async (tx) => {
    const before = await loadClockSettings(tx);
    const now = ctx.clock.now();
    const changes: { kind: string; before: ClockSetting; after: ClockSetting }[] = [];
    for (const c of input.clocks) {
      const old = before.clocks.find((b) => b.kind === c.kind)!;
      if (old.enabled === c.enabled && old.dueDays === c.dueDays && old.overdueDays === c.overdueDays && old.wrongfulDueDays === c.wrongfulDueDays) continue;
      const values = { enabled: c.enabled, dueDays: c.dueDays, overdueDays: c.overdueDays, wrongfulDueDays: c.wrongfulDueDays, updatedBy: actor.personId, updatedAt: now };
      await tx.insert(breachClockSettings).values({ kind: c.kind, ...values }).onConflictDoUpdate({ target: breachClockSettings.kind, set: values });
      changes.push({ kind: c.kind, before: old, after: c });
    }
    if (changes.length) await appendAudit(tx, ctx.clock, actor, { action: 'breach.settings_changed', targetType: 'breach_settings', targetId: null, details: { changes } });
    const after = await loadClockSettings(tx);
    return { clocks: after.clocks, updatedAt: after.updatedAt?.toISOString() ?? null };
  });
}
