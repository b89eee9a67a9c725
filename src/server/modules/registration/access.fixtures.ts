import type { TargetScope } from '../../authz/access-table.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { RegistrationService } from './registration.service.js';
import type { Actor } from '../../authz/actor.js';
import { systemActor } from '../../authz/actor.js';

/** Acting as a given person, for fixtures that need a request submitted by someone in particular. */
const as = (personId: string): Actor => ({ ...systemActor('fixture'), kind: 'person', personId, sessionId: null });

export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  const svc = new RegistrationService(t.ctx);
  /** A pending name change about a fresh researcher at A (own) or B (other), submitted by that person. */
  const pending = async (scope: TargetScope) => {
    const p = await targetPerson(scope);
    const r = await svc.submit(as(p.id), { change: { kind: 'name', familyNameJa: '変更', givenNameJa: '', familyNameKana: '', givenNameKana: '', familyNameEn: 'Henko', givenNameEn: `N${next()}` }, note: null });
    return r.id;
  };
  return {
    routes: {
      'GET /api/registration-changes': async () => ({ method: 'GET', url: '/api/registration-changes?pageSize=5', ok: 200 }),
      'GET /api/registration-changes/queue': async () => ({ method: 'GET', url: '/api/registration-changes/queue?pageSize=5', ok: 200 }),
      'GET /api/registration-changes/:id': async (s, _a, e) => ({ method: 'GET', url: `/api/registration-changes/${await targetFor(`rc-get:${s}`, e, () => pending(s))}`, ok: 200 }),
      'POST /api/registration-changes': async (s, _a, e) => {
        const p = await targetFor(`rc-person:${s}`, e, async () => (await targetPerson(s)).id);
        return { method: 'POST', url: '/api/registration-changes', body: { personId: p, change: { kind: 'join_group', researchGroupId: s === 'own' ? org.rgB.id : org.rgA.id }, note: `on behalf ${next()}` }, ok: 201 };
      },
      'POST /api/registration-changes/:id/decision': async (s, _a, e) => ({
        method: 'POST',
        url: `/api/registration-changes/${await targetFor(`rc-decide:${s}`, e, () => pending(s))}/decision`,
        body: { decision: 'reject', reason: 'fixture' },
        ok: 200,
      }),
      'POST /api/registration-changes/:id/withdraw': async (s, actorId, e) => {
        // own: a request the caller submitted about themself; other: someone else's.
        const id = s === 'own' ? (await svc.submit(as(actorId), { change: { kind: 'retire', effectiveDate: '2026-12-31' }, note: null })).id : await targetFor('rc-withdraw:other', e, () => pending('own'));
        return { method: 'POST', url: `/api/registration-changes/${id}/withdraw`, ok: 200 };
      },
    },
  };
};
