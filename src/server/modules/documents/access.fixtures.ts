import { eq, inArray } from 'drizzle-orm';
import type { TargetScope } from '../../authz/access-table.js';
import type { Actor } from '../../authz/actor.js';
import { CreateDocument } from '../../../shared/documents.js';
import { documentVersions, people } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { seedPerson, system, type TestEnv } from '../../testing/harness.js';
import { CommitteeApprovalService } from './committee.service.js';
import { otherApprovers } from './documents.read.js';
import { DocumentsService } from './documents.service.js';
import { VersionsService } from './versions.service.js';

/** A tiny valid-looking PDF (the magic bytes are what the upload checks). */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A multipart body carrying one PDF in the `file` field. */
export function pdfMultipart(i: string, data: Buffer = PDF_BYTES, fileName = `doc-${i}.pdf`) {
  const boundary = `----mamoridoc${i}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, data, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A multipart body for "record the steering committee's approval": text fields and, optionally, the minutes. */
export function committeeMultipart(fields: Record<string, string>, file?: { name: string; data: Buffer }) {
  const boundary = `----mamoricommittee${Object.keys(fields).length}${file?.data.length ?? 0}`;
  const parts: Buffer[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/**
 * Makes `personId` the only person who could approve documents (the other active approvers'
 * accounts are suspended) and returns what puts them back. The committee path exists only then.
 */
async function soleApprover(t: TestEnv, personId: string): Promise<() => Promise<void>> {
  const others = await otherApprovers(t.ctx.db, personId, t.clock.now());
  if (others.length) await t.ctx.db.update(people).set({ accountStatus: 'suspended' }).where(inArray(people.id, others));
  return async () => {
    if (others.length) await t.ctx.db.update(people).set({ accountStatus: 'active' }).where(inArray(people.id, others));
  };
}

const managerActor = (personId: string): Actor => ({
  kind: 'person',
  personId,
  sessionId: null,
  ip: null,
  userAgent: 'fixture',
  roles: [{ role: 'security_manager', institutionId: null, researchGroupId: null, unitId: null, committeeId: null }],
  unitId: null,
  institutionIds: [],
  researchGroupIds: [],
  committeeIds: [],
});

type Stage = 'draft' | 'review' | 'approved' | 'published';

/**
 * "Own": a guideline whose audience is institution A (every actor is affiliated with it); "other":
 * one for institution B. Versions are taken to the stage a route starts from through the services.
 */
export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  const docs = new DocumentsService(t.ctx);
  const versions = new VersionsService(t.ctx, docs);
  const doc = async (scope: TargetScope) => {
    const i = next();
    const d = await docs.create(
      system,
      CreateDocument.parse({ code: `FX-DOC-${i}`, kind: 'guideline', family: 'operational', titleJa: `試験用ガイドライン${i}`, titleEn: `Fixture guideline ${i}`, audience: { institutionIds: [scope === 'own' ? org.instA.id : org.instB.id] } }),
    );
    return d.id;
  };
  const version = async (scope: TargetScope, stage: Stage, pdf = false) => {
    const docId = await doc(scope);
    const v = await versions.create(system, docId, { version: '1.0', bodyJa: '# 本文\n\n内容', bodyEn: '# Body\n\nText', changeNote: '' });
    if (pdf) await versions.attachPdf(system, v.id, 'ja', { fileName: 'fixture.pdf', data: PDF_BYTES });
    if (stage !== 'draft') await versions.submit(system, v.id);
    if (stage === 'approved' || stage === 'published') await versions.approve(system, v.id, { committeeApprovedOn: null });
    if (stage === 'published') await versions.publish(system, v.id, {});
    return { docId, versionId: v.id };
  };
  /** A version in review written by `authorId` (set directly: who writes it is the point here). */
  const authoredInReview = async (scope: TargetScope, authorId: string) => {
    const { versionId } = await version(scope, 'review');
    await t.ctx.db.update(documentVersions).set({ createdBy: authorId }).where(eq(documentVersions.id, versionId));
    return versionId;
  };
  /** A published version whose approval of record is the steering committee's, recorded by a manager who wrote it. */
  const committeeApproved = async (scope: TargetScope) => {
    const author = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    const versionId = await authoredInReview(scope, author.id);
    const restore = await soleApprover(t, author.id);
    try {
      await new CommitteeApprovalService(t.ctx, versions).record(managerActor(author.id), versionId, { committeeApprovedOn: '2026-03-30', note: '' }, { fileName: 'minutes.pdf', data: PDF_BYTES });
    } finally {
      await restore();
    }
    await versions.publish(system, versionId, {});
    return versionId;
  };
  const v = (key: string, scope: TargetScope, e: Parameters<typeof targetFor>[1], stage: Stage, pdf = false) => targetFor(`${key}:${scope}`, e, async () => (await version(scope, stage, pdf)).versionId);
  const d = (key: string, scope: TargetScope, e: Parameters<typeof targetFor>[1], stage: Stage | null) =>
    targetFor(`${key}:${scope}`, e, async () => (stage ? (await version(scope, stage)).docId : await doc(scope)));

  return {
    routes: {
      'GET /api/documents': async () => ({ method: 'GET', url: '/api/documents?kind=guideline', ok: 200 }),
      'POST /api/documents': async () => {
        const i = next();
        return { method: 'POST', url: '/api/documents', body: { code: `FX-NEW-${i}`, kind: 'procedure', titleJa: `手順書${i}`, titleEn: `Procedure ${i}` }, ok: 201 };
      },
      'GET /api/documents/in-force': async () => ({ method: 'GET', url: '/api/documents/in-force?date=2026-04-01', ok: 200 }),
      'GET /api/documents/:id': async (s, _a, e) => ({ method: 'GET', url: `/api/documents/${await d('doc-pub', s, e === 'allow' ? 'deny' : e, 'published')}`, ok: 200 }),
      'PATCH /api/documents/:id': async (s, _a, e) => ({ method: 'PATCH', url: `/api/documents/${await d('doc-patch', s, e, null)}`, body: { titleEn: `Edited ${next()}` }, ok: 200 }),
      'POST /api/documents/:id/versions': async (s, _a, e) => ({ method: 'POST', url: `/api/documents/${await d('doc-new-version', s, e, 'published')}/versions`, body: { version: '2.0' }, ok: 201 }),
      'POST /api/documents/:id/history': async (s, _a, e) => ({ method: 'POST', url: `/api/documents/${await d('doc-history', s, e, null)}/history`, body: { version: '0.9', effectiveFrom: '2020-01-01' }, ok: 201 }),
      'GET /api/document-versions/:id': async (s, _a, e) => ({ method: 'GET', url: `/api/document-versions/${await v('v-pub', s, e === 'allow' ? 'deny' : e, 'published')}`, ok: 200 }),
      'PATCH /api/document-versions/:id': async (s, _a, e) => ({ method: 'PATCH', url: `/api/document-versions/${await v('v-draft', s, e, 'draft')}`, body: { changeNote: `Edited ${next()}` }, ok: 200 }),
      'POST /api/document-versions/:id/submit': async (s, _a, e) => ({ method: 'POST', url: `/api/document-versions/${await v('v-draft', s, e, 'draft')}/submit`, ok: 200 }),
      'POST /api/document-versions/:id/approve': async (s, _a, e) => ({ method: 'POST', url: `/api/document-versions/${await v('v-review', s, e, 'review')}/approve`, body: {}, ok: 200 }),
      'POST /api/document-versions/:id/committee-approval': async (s, actorId, e) => {
        // Allowed: the manager wrote the version and is the only one who could approve it.
        if (e !== 'allow') return { method: 'POST', url: `/api/document-versions/${await v('v-review', s, e, 'review')}/committee-approval`, ...committeeMultipart({ committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES }), ok: 200 };
        const id = await authoredInReview(s, actorId);
        const restore = await soleApprover(t, actorId);
        return { method: 'POST', url: `/api/document-versions/${id}/committee-approval`, ...committeeMultipart({ committeeApprovedOn: '2026-03-30' }, { name: 'minutes.pdf', data: PDF_BYTES }), ok: 200, settle: restore };
      },
      'GET /api/document-versions/:id/committee-minutes': async (s, _a, e) => ({
        method: 'GET',
        url: `/api/document-versions/${await targetFor(`v-minutes:${s}`, e === 'allow' ? 'deny' : e, () => committeeApproved(s))}/committee-minutes`,
        ok: 200,
      }),
      'POST /api/document-versions/:id/publish': async (s, _a, e) => ({ method: 'POST', url: `/api/document-versions/${await v('v-approved', s, e, 'approved')}/publish`, body: {}, ok: 200 }),
      'POST /api/document-versions/:id/reject': async (s, _a, e) => ({ method: 'POST', url: `/api/document-versions/${await v('v-review', s, e, 'review')}/reject`, body: { comment: 'Please add the scope.' }, ok: 200 }),
      'GET /api/document-versions/:id/diff': async (s, _a, e) => {
        const id = await v('v-pub', s, e === 'allow' ? 'deny' : e, 'published');
        return { method: 'GET', url: `/api/document-versions/${id}/diff?against=${id}`, ok: 200 };
      },
      'GET /api/document-versions/:id/pdf': async (s, _a, e) => ({ method: 'GET', url: `/api/document-versions/${await v('v-pdf', s, e === 'allow' ? 'deny' : e, 'published', true)}/pdf?lang=ja`, ok: 200 }),
      'PUT /api/document-versions/:id/pdf': async (s, _a, e) => ({ method: 'PUT', url: `/api/document-versions/${await v('v-draft', s, e, 'draft')}/pdf?lang=en`, ...pdfMultipart(next()), ok: 200 }),
      'DELETE /api/document-versions/:id/pdf': async (s, _a, e) => ({ method: 'DELETE', url: `/api/document-versions/${await v('v-draft-pdf', s, e, 'draft', true)}/pdf?lang=ja`, ok: 200 }),
      'POST /api/document-versions/:id/acknowledge': async (s, _a, e) => ({ method: 'POST', url: `/api/document-versions/${await v('v-ack', s, e, 'published')}/acknowledge`, body: { language: 'ja' }, ok: 200 }),
      'GET /api/people/:id/acknowledgments': async (s) => ({ method: 'GET', url: `/api/people/${(await targetPerson(s)).id}/acknowledgments`, ok: 200 }),
    },
  };
};
