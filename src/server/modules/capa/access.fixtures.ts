import type { TargetScope } from '../../authz/access-table.js';
import { incidentActions, incidents } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';

/**
 * "Own": an incident at institution A reported by the actor (so every role sees it), and an action
 * on it owned by the actor; "other": an incident at B reported by nobody the actor knows, and an
 * action on it owned by someone else. Rows are written directly: reporting is the incidents
 * module's business. The action checked for effectiveness is "done" and never the actor's own.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  let someoneElse: string | null = null;
  const other = async () => (someoneElse ??= (await targetPerson('other')).id);

  const incident = async (scope: TargetScope, actorId: string) => {
    const now = t.clock.now();
    const [row] = await t.ctx.db
      .insert(incidents)
      .values({
        ref: `INC-FX-${next()}`,
        kind: 'lost_device',
        title: `USBメモリの紛失 ${next()}`,
        awareAt: now,
        reportedAt: now,
        institutionId: scope === 'own' ? org.instA.id : org.instB.id,
        reportedBy: scope === 'own' ? actorId : null,
      })
      .returning({ id: incidents.id });
    return row!.id;
  };
  const action = async (scope: TargetScope, actorId: string, opts: { status?: string; ownedByActor?: boolean } = {}) => {
    const owner = (opts.ownedByActor ?? scope === 'own') ? actorId : await other();
    const [row] = await t.ctx.db
      .insert(incidentActions)
      .values({ incidentId: await incident(scope, actorId), ref: `CA-FX-${next()}`, kind: 'corrective', title: 'USBメモリの暗号化', ownerId: owner, dueOn: '2026-05-01', status: opts.status ?? 'open' })
      .returning({ id: incidentActions.id });
    return row!.id;
  };
  const incidentFor = (s: TargetScope, actorId: string, e: Parameters<typeof targetFor>[1]) => targetFor(`capa-incident:${s}:${actorId}`, e, () => incident(s, actorId));

  return {
    routes: {
      'GET /api/incidents/:id/root-cause': async (s, actorId) => ({ method: 'GET', url: `/api/incidents/${await incidentFor(s, actorId, 'deny')}/root-cause`, ok: 200 }),
      'PUT /api/incidents/:id/root-cause': async (s, actorId, e) => ({
        method: 'PUT',
        url: `/api/incidents/${await incidentFor(s, actorId, e)}/root-cause`,
        body: { method: 'five_whys', whys: ['暗号化されていないUSBメモリを使った'], factors: [{ category: 'technology', text: '暗号化の強制がない' }], statement: '', completed: false, version: 0 },
        ok: 200,
      }),
      'GET /api/incidents/:id/actions': async (s, actorId) => ({ method: 'GET', url: `/api/incidents/${await incidentFor(s, actorId, 'deny')}/actions`, ok: 200 }),
      'POST /api/incidents/:id/actions': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/incidents/${await incidentFor(s, actorId, e)}/actions`,
        body: { kind: 'preventive', title: `暗号化USBメモリへの切り替え ${next()}`, ownerId: actorId, dueOn: '2026-06-30' },
        ok: 201,
      }),
      'GET /api/incident-actions': async () => ({ method: 'GET', url: '/api/incident-actions?scope=all&pageSize=5', ok: 200 }),
      'PATCH /api/incident-actions/:id': async (s, actorId, e) => ({
        method: 'PATCH',
        url: `/api/incident-actions/${await targetFor(`capa-action:${s}:${actorId}`, e, () => action(s, actorId))}`,
        body: { version: 1, status: 'in_progress', note: '着手しました' },
        ok: 200,
      }),
      'POST /api/incident-actions/:id/check': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/incident-actions/${await targetFor(`capa-done:${s}:${actorId}`, e, () => action(s, actorId, { status: 'done', ownedByActor: false }))}/check`,
        body: { version: 1, effective: false, note: '再発が続いている' },
        ok: 200,
      }),
    },
  };
};
