import type { TargetScope } from '../../authz/access-table.js';
import { incidentClocks, incidents } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { DEFAULT_CLOCK_SETTINGS } from '../../../shared/breach.js';

/**
 * "Own": an incident at institution A that the actor reported; "other": one at B reported by a
 * researcher at B (so only the manager and the data center see it). Rows are inserted directly.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  const incident = async (scope: TargetScope, actorId: string, withClock = false, waived = false) => {
    const reporter = scope === 'own' ? actorId : (await targetPerson('other')).id;
    const now = t.clock.now();
    const [row] = await t.ctx.db
      .insert(incidents)
      .values({
        ref: `INC-FX-${next()}`,
        kind: 'lost_device',
        title: `USBメモリの紛失 ${next()}`,
        awareAt: now,
        reportedAt: now,
        reportedBy: reporter,
        institutionId: scope === 'own' ? org.instA.id : org.instB.id,
        personalInfo: 'yes',
        peopleAffected: 3,
        specialCare: true,
        encrypted: false,
      })
      .returning({ id: incidents.id });
    if (withClock) {
      await t.ctx.db.insert(incidentClocks).values({
        incidentId: row!.id,
        kind: 'ppc_preliminary',
        dueAt: new Date(now.getTime() + 3 * 86_400_000),
        overdueAt: new Date(now.getTime() + 5 * 86_400_000),
        ...(waived ? { waived: true, waivedAt: now, waiverReason: 'スポンサーなしのため不要' } : {}),
      });
    }
    return row!.id;
  };
  const answers = { personalInfo: 'yes', peopleAffected: 3, moreThan1000: null, specialCare: true, financialRisk: false, wrongfulPurpose: false, encrypted: false, keySafe: null };
  return {
    routes: {
      'GET /api/incidents/:id/assessment': async (s, actorId) => ({ method: 'GET', url: `/api/incidents/${await targetFor(`br-inc:${s}:${actorId}`, 'deny', () => incident(s, actorId))}/assessment`, ok: 200 }),
      'PUT /api/incidents/:id/assessment': async (s, actorId, e) => ({
        method: 'PUT',
        url: `/api/incidents/${await targetFor(`br-inc:${s}:${actorId}`, e, () => incident(s, actorId))}/assessment`,
        body: { answers, note: 'fixture' },
        ok: 200,
      }),
      'GET /api/incidents/:id/clocks': async (s, actorId) => ({ method: 'GET', url: `/api/incidents/${await targetFor(`br-inc:${s}:${actorId}`, 'deny', () => incident(s, actorId))}/clocks`, ok: 200 }),
      'POST /api/incidents/:id/clocks/:kind': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/incidents/${await targetFor(`br-clk:${s}:${actorId}`, e, () => incident(s, actorId, true))}/clocks/ppc_preliminary`,
        body: { action: 'done', note: `受付番号 ${next()}` },
        ok: 200,
      }),
      'POST /api/incidents/:id/clocks/:kind/waiver': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/incidents/${await targetFor(`br-clk:${s}:${actorId}`, e, () => incident(s, actorId, true))}/clocks/ppc_preliminary/waiver`,
        body: { reason: `対象外と判断したため ${next()}` },
        ok: 200,
      }),
      'DELETE /api/incidents/:id/clocks/:kind/waiver': async (s, actorId, e) => ({
        method: 'DELETE',
        url: `/api/incidents/${await targetFor(`br-wvd:${s}:${actorId}`, e, () => incident(s, actorId, true, true))}/clocks/ppc_preliminary/waiver`,
        ok: 200,
      }),
      'GET /api/incidents/:id/ppc-report': async (s, actorId) => ({ method: 'GET', url: `/api/incidents/${await targetFor(`br-inc:${s}:${actorId}`, 'deny', () => incident(s, actorId))}/ppc-report?format=docx&lang=ja`, ok: 200 }),
      'GET /api/breach/board': async () => ({ method: 'GET', url: '/api/breach/board?state=open&limit=20', ok: 200 }),
      'GET /api/breach/settings': async () => ({ method: 'GET', url: '/api/breach/settings', ok: 200 }),
      'PUT /api/breach/settings': async () => ({ method: 'PUT', url: '/api/breach/settings', body: { clocks: DEFAULT_CLOCK_SETTINGS }, ok: 200 }),
    },
  };
};
