import { eq } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import { incidentInvestigators, people } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { seedPerson, system } from '../../testing/harness.js';
import { openIncident } from './incidents.open.js';
import { IncidentsService } from './incidents.service.js';

/** A multipart body with one small file. */
function fileMultipart(i: string) {
  const boundary = `----mamoriinc${i}`;
  const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="photo-${i}.txt"\r\nContent-Type: text/plain\r\n\r\nattachment ${i}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * "Own": an incident the actor reported at institution A (in their unit); "other": one another
 * researcher reported at institution B, in no unit. Refused calls share a target per scope and
 * actor; allowed ones get a fresh incident.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor }) => {
  const svc = new IncidentsService(t.ctx);
  let otherReporter: string | null = null;
  const incident = async (scope: TargetScope, actorId: string, extra: { investigator?: boolean; attachment?: boolean } = {}) => {
    otherReporter ??= (await seedPerson(t, { institutionIds: [org.instB.id], roles: [{ role: 'researcher', institutionId: org.instB.id }] })).id;
    const reporter = scope === 'own' ? actorId : otherReporter;
    const [p] = await t.ctx.db.select({ unitId: people.unitId }).from(people).where(eq(people.id, reporter));
    const row = await t.ctx.db.transaction((tx) =>
      openIncident(
        tx,
        t.ctx,
        system,
        {
          kind: 'lost_device',
          title: `USBメモリの紛失 ${next()}`,
          description: '',
          occurredAt: null,
          awareAt: t.clock.now(),
          location: '',
          institutionId: scope === 'own' ? org.instA.id : org.instB.id,
          unitId: scope === 'own' ? (p?.unitId ?? null) : null,
          reportedBy: reporter,
          personalInfo: 'no',
          peopleAffected: null,
          specialCare: null,
          encrypted: null,
          keySafe: null,
          links: [{ kind: 'person', targetId: reporter }],
        },
        { notify: false },
      ),
    );
    if (extra.investigator) await t.ctx.db.insert(incidentInvestigators).values({ incidentId: row.id, personId: reporter });
    return row.id;
  };
  const withFile = async (scope: TargetScope, actorId: string) => {
    const id = await incident(scope, actorId);
    const dto = await svc.addAttachment(system, id, { fileName: 'photo.txt', contentType: 'text/plain', data: Buffer.from(`photo ${next()}`) });
    return `${id}/attachments/${dto.attachments[0]!.id}`;
  };
  const reporterOf = async (id: string) => {
    const row = await svc.visibleRow(t.ctx.db, system, id);
    return row.reportedBy!;
  };
  const target = (what: string, scope: TargetScope, actorId: string, expected: Parameters<typeof targetFor>[1], make: () => Promise<string>) =>
    targetFor(`incident:${what}:${scope}:${scope === 'own' ? actorId : 'x'}`, expected, make);

  return {
    routes: {
      'POST /api/incidents': async () => ({ method: 'POST', url: '/api/incidents', body: { kind: 'misdelivery', title: `誤送信 ${next()}`, description: 'FAXの誤送信', personalInfo: 'no' }, ok: 201 }),
      'GET /api/incidents': async () => ({ method: 'GET', url: '/api/incidents?pageSize=5&open=true', ok: 200 }),
      'GET /api/incidents/dashboard': async () => ({ method: 'GET', url: '/api/incidents/dashboard', ok: 200 }),
      'GET /api/incidents/:id': async (s, a) => ({ method: 'GET', url: `/api/incidents/${await target('plain', s, a, 'deny', () => incident(s, a))}`, ok: 200 }),
      'PATCH /api/incidents/:id': async (s, a, e) => ({ method: 'PATCH', url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}`, body: { version: 1, severity: 'medium' }, ok: 200 }),
      'POST /api/incidents/:id/status': async (s, a, e) => ({
        method: 'POST',
        url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}/status`,
        body: { to: 'triaged', version: 1, severity: 'low', assigneeId: a },
        ok: 200,
      }),
      'POST /api/incidents/:id/events': async (s, a, e) => ({
        method: 'POST',
        url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}/events`,
        body: { type: 'containment', at: t.clock.now().toISOString(), text: `端末をネットワークから切り離した ${next()}` },
        ok: 201,
      }),
      'POST /api/incidents/:id/links': async (s, a, e) => ({
        method: 'POST',
        url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}/links`,
        body: { kind: 'institution', targetId: org.instA.id },
        ok: 201,
      }),
      'DELETE /api/incidents/:id/links/:kind/:targetId': async (s, a, e) => {
        const id = await target('plain', s, a, e, () => incident(s, a));
        return { method: 'DELETE', url: `/api/incidents/${id}/links/person/${await reporterOf(id)}`, ok: 204 };
      },
      'POST /api/incidents/:id/investigators': async (s, a, e) => ({ method: 'POST', url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}/investigators`, body: { personId: a }, ok: 201 }),
      'DELETE /api/incidents/:id/investigators/:personId': async (s, a, e) => {
        const id = await target('investigated', s, a, e, () => incident(s, a, { investigator: true }));
        return { method: 'DELETE', url: `/api/incidents/${id}/investigators/${await reporterOf(id)}`, ok: 204 };
      },
      'POST /api/incidents/:id/attachments': async (s, a, e) => {
        const m = fileMultipart(next());
        return { method: 'POST', url: `/api/incidents/${await target('plain', s, a, e, () => incident(s, a))}/attachments`, body: m.body, headers: m.headers, ok: 201 };
      },
      'GET /api/incidents/:id/attachments/:attachmentId': async (s, a) => ({ method: 'GET', url: `/api/incidents/${await target('file', s, a, 'deny', () => withFile(s, a))}`, ok: 200 }),
      'DELETE /api/incidents/:id/attachments/:attachmentId': async (s, a, e) => ({ method: 'DELETE', url: `/api/incidents/${await target('file', s, a, e, () => withFile(s, a))}`, ok: 204 }),
    },
  };
};
