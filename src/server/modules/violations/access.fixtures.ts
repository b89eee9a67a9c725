import { asc } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import { sanctionTypes } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { tokyoToday } from '../../calendar.js';
import { CreateViolation } from '../../../shared/violations.js';
import { ViolationEvidenceService } from './evidence.service.js';
import { ViolationsService } from './violations.service.js';

/** A multipart body with one small evidence file. */
export function violationMultipart(i: string) {
  const boundary = `----mamorivc${i}`;
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nFixture evidence ${i}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence-${i}.txt"\r\nContent-Type: text/plain\r\n\r\nevidence ${i}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * "Own": a case naming the actor as an investigator; "other": a case that does not. Cases are
 * opened by the system about a researcher at institution A.
 */
export const fixtures: ModuleFixturesFactory = ({ t, next, targetFor, targetPerson }) => {
  const svc = new ViolationsService(t.ctx);
  const evidence = new ViolationEvidenceService(t.ctx);
  const firstSanction = async () => (await t.ctx.db.select({ id: sanctionTypes.id }).from(sanctionTypes).orderBy(asc(sanctionTypes.sortOrder)).limit(1))[0]!.id;
  const today = () => tokyoToday(t.clock.now());

  const open = async (scope: TargetScope, actorId: string) => {
    const subject = await targetPerson('own');
    const c = await svc.create(system, CreateViolation.parse({ subjectId: subject.id, clauseIds: ['P32-2.1.3a'], severity: 'moderate', facts: `Fixture facts ${next()}`, investigatorIds: scope === 'own' ? [actorId] : [] }));
    return c.id;
  };
  const decided = async (scope: TargetScope, actorId: string) => {
    const id = await open(scope, actorId);
    await svc.decide(system, id, { sanctionTypeId: await firstSanction(), decidedOn: today(), rationale: 'Fixture decision' });
    return id;
  };
  const withEvidence = async (scope: TargetScope, actorId: string) => {
    const id = await open(scope, actorId);
    const c = await evidence.add(system, id, { fileName: 'fixture.txt', contentType: 'text/plain', data: Buffer.from(`fixture ${next()}`), description: 'fixture' });
    return `${id}/evidence/${c.evidence[0]!.id}`;
  };
  /** Own targets belong to one actor; refused calls share one per scope. */
  const key = (what: string, scope: TargetScope, actorId: string) => `vc-${what}:${scope}:${scope === 'own' ? actorId : ''}`;

  return {
    routes: {
      'GET /api/violations': async () => ({ method: 'GET', url: '/api/violations', ok: 200 }),
      'POST /api/violations': async () => {
        const subject = await targetPerson('own');
        return { method: 'POST', url: '/api/violations', body: { subjectId: subject.id, clauseIds: ['P32-2.1.3a'], severity: 'minor', facts: `Shared a password ${next()}` }, ok: 201 };
      },
      'GET /api/violations/:id': async (s, actorId, e) => ({ method: 'GET', url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}`, ok: 200 }),
      'PATCH /api/violations/:id': async (s, actorId, e) => ({ method: 'PATCH', url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}`, body: { facts: `Edited ${next()}`, version: 1 }, ok: 200 }),
      'PUT /api/violations/:id/investigators': async (s, actorId, e) => {
        const p = await targetPerson('other');
        return { method: 'PUT', url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}/investigators`, body: { personIds: [p.id] }, ok: 200 };
      },
      'POST /api/violations/:id/notes': async (s, actorId, e) => ({ method: 'POST', url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}/notes`, body: { text: `Finding ${next()}` }, ok: 201 }),
      'POST /api/violations/:id/evidence': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}/evidence`,
        ...violationMultipart(next()),
        ok: 201,
      }),
      'GET /api/violations/:id/evidence/:evidenceId/download': async (s, actorId, e) => ({ method: 'GET', url: `/api/violations/${await targetFor(key('evidence', s, actorId), e, () => withEvidence(s, actorId))}/download`, ok: 200 }),
      'POST /api/violations/:id/decision': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/violations/${await targetFor(key('case', s, actorId), e, () => open(s, actorId))}/decision`,
        body: { sanctionTypeId: await firstSanction(), decidedOn: today(), rationale: `Decided ${next()}` },
        ok: 200,
      }),
      'POST /api/violations/:id/appeal': async (s, actorId, e) => ({
        method: 'POST',
        url: `/api/violations/${await targetFor(key('decided', s, actorId), e, () => decided(s, actorId))}/appeal`,
        body: { receivedOn: today(), note: `Appeal ${next()}` },
        ok: 200,
      }),
      'GET /api/sanction-types': async () => ({ method: 'GET', url: '/api/sanction-types', ok: 200 }),
      'PUT /api/sanction-types': async () => {
        const rows = await t.ctx.db.select().from(sanctionTypes).orderBy(asc(sanctionTypes.sortOrder));
        return {
          method: 'PUT',
          url: '/api/sanction-types',
          body: { items: [...rows.map((r) => ({ id: r.id, nameJa: r.nameJa, nameEn: r.nameEn, retired: r.retiredAt !== null })), { nameJa: `追加の処分${next()}`, nameEn: `Added sanction ${next()}` }] },
          ok: 200,
        };
      },
    },
  };
};
