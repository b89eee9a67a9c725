import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditAfter, createTestApp, errorCode, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let officeA: Client;
let officeB: Client;
let member: Client;
let outsider: Client;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const office = (rg: string) => seedPerson(t, { unitId: org.so.id, researchGroupIds: [rg], roles: [{ role: 'study_office_staff', unitId: org.so.id }] });
  officeA = await sessionFor(t, (await office(org.rgA.id)).id);
  officeB = await sessionFor(t, (await office(org.rgB.id)).id);
  const researcher = (rg: string) => seedPerson(t, { institutionIds: [org.instA.id], researchGroupIds: [rg], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
  member = await sessionFor(t, (await researcher(org.rgA.id)).id);
  outsider = await sessionFor(t, (await researcher(org.rgB.id)).id);
});
afterAll(() => t?.close());

function multipart(fields: Record<string, string>, file: { name: string; type: string; data: Buffer<ArrayBufferLike> }) {
  const boundary = `----mamori${Math.random().toString(16).slice(2)}`;
  const parts: Buffer<ArrayBufferLike>[] = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describe('member-only content', () => {
  it('lets the study office of the group publish a notice in both languages, audited', async () => {
    const seq = await lastAuditSeq(t);
    const res = await officeA.post(`/api/group-content/${org.rgA.id}/notices`, { titleJa: '登録開始', titleEn: 'Enrolment opens', bodyJa: '本日から。', bodyEn: 'From today.' });
    expect(res.status).toBe(201);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['group_content.published']);
    const list = await member.get(`/api/group-content/${org.rgA.id}`);
    expect(list.body).toMatchObject({ canPublish: false, viaGroupSession: false, items: [{ titleEn: 'Enrolment opens', bodyJa: '本日から。' }] });
  });

  it('refuses a study office of another group (403), and a researcher of another group cannot read (404 as for an unknown group; both audited)', async () => {
    const seq = await lastAuditSeq(t);
    const res = await officeB.post(`/api/group-content/${org.rgA.id}/notices`, { titleJa: 'x', titleEn: 'x', bodyJa: 'x', bodyEn: 'x' });
    expect([res.status, errorCode(res)]).toEqual([403, 'FORBIDDEN']);
    const hidden = await outsider.get(`/api/group-content/${org.rgA.id}`);
    expect([hidden.status, errorCode(hidden)]).toEqual([404, 'NOT_FOUND']);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['authz.denied', 'authz.denied']);
    const unknown = await outsider.get(`/api/group-content/${randomUUID()}`);
    expect([unknown.status, errorCode(unknown)]).toEqual([404, 'NOT_FOUND']);
    expect((await member.post(`/api/group-content/${org.rgA.id}/notices`, { titleJa: 'x', titleEn: 'x', bodyJa: 'x', bodyEn: 'x' })).status).toBe(403);
  });

  it('stores a document under DATA_DIR/files with its SHA-256 and serves it as an attachment', async () => {
    const up = multipart({ titleJa: '実施計画書', titleEn: 'Protocol' }, { name: 'protocol v2.pdf', type: 'application/pdf', data: PDF });
    const res = await officeA.request('POST', `/api/group-content/${org.rgA.id}/documents`, up.body, up.headers);
    expect(res.status).toBe(201);
    const doc = res.body as { id: string; sha256: string; size: number; fileName: string };
    expect(doc).toMatchObject({ sha256: createHash('sha256').update(PDF).digest('hex'), size: PDF.length, fileName: 'protocol v2.pdf' });
    const dir = join(t.config.dataDir, 'files', 'group-content');
    expect(readdirSync(dir).filter((f) => !f.endsWith('.part'))).toHaveLength(1);
    expect(readFileSync(join(dir, readdirSync(dir)[0]!)).equals(PDF)).toBe(true);

    const seq = await lastAuditSeq(t);
    const file = await member.get(`/api/group-content/${org.rgA.id}/items/${doc.id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toBe('attachment; filename="protocol v2.pdf"');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect(file.raw.rawPayload.equals(PDF)).toBe(true);
    expect((await auditAfter(t, seq)).map((e) => [e.action, e.targetId, (e.details as { download?: boolean }).download])).toEqual([['group_content.viewed', doc.id, true]]);
    expect((await outsider.get(`/api/group-content/${org.rgA.id}/items/${doc.id}/file`)).status).toBe(404);
    // an item reached through another group's URL does not exist there
    expect((await officeB.get(`/api/group-content/${org.rgB.id}/items/${doc.id}/file`)).status).toBe(404);
  });

  it('refuses other file types, files whose content does not match, and a missing title, storing nothing', async () => {
    const dir = join(t.config.dataDir, 'files', 'group-content');
    const before = existsSync(dir) ? readdirSync(dir).length : 0;
    const exe = multipart({ titleJa: 'x', titleEn: 'x' }, { name: 'run.exe', type: 'application/octet-stream', data: Buffer.from('MZ') });
    expect((await officeA.request('POST', `/api/group-content/${org.rgA.id}/documents`, exe.body, exe.headers)).status).toBe(415);
    const fake = multipart({ titleJa: 'x', titleEn: 'x' }, { name: 'fake.pdf', type: 'application/pdf', data: Buffer.from('MZ not a pdf') });
    expect((await officeA.request('POST', `/api/group-content/${org.rgA.id}/documents`, fake.body, fake.headers)).status).toBe(415);
    const untitled = multipart({ titleJa: '', titleEn: 'x' }, { name: 'a.txt', type: 'text/plain', data: Buffer.from('hello') });
    const res = await officeA.request('POST', `/api/group-content/${org.rgA.id}/documents`, untitled.body, untitled.headers);
    expect([res.status, errorCode(res)]).toEqual([400, 'VALIDATION_FAILED']);
    expect(existsSync(dir) ? readdirSync(dir).length : 0).toBe(before);
  });

  it('updates and withdraws: a withdrawn item disappears for members and stays listed for publishers', async () => {
    const n = (await officeA.post(`/api/group-content/${org.rgA.id}/notices`, { titleJa: '旧', titleEn: 'Old', bodyJa: '旧', bodyEn: 'Old' })).body as { id: string };
    const upd = await officeA.patch(`/api/group-content/${org.rgA.id}/items/${n.id}`, { titleEn: 'Updated' });
    expect(upd.body).toMatchObject({ titleEn: 'Updated', titleJa: '旧' });
    expect((await officeA.patch(`/api/group-content/${org.rgA.id}/items/${n.id}`, {})).status).toBe(400);
    expect((await officeA.post(`/api/group-content/${org.rgA.id}/items/${n.id}/withdraw`, { reason: '' })).status).toBe(400);
    const w = await officeA.post(`/api/group-content/${org.rgA.id}/items/${n.id}/withdraw`, { reason: 'Replaced by the May notice' });
    expect(w.body).toMatchObject({ withdrawReason: 'Replaced by the May notice' });
    expect((await member.get(`/api/group-content/${org.rgA.id}/items/${n.id}`)).status).toBe(404);
    const memberIds = ((await member.get(`/api/group-content/${org.rgA.id}`)).body as { items: { id: string }[] }).items.map((i) => i.id);
    expect(memberIds).not.toContain(n.id);
    const office = (await officeA.get(`/api/group-content/${org.rgA.id}`)).body as { canPublish: boolean; items: { id: string; withdrawnAt: string | null }[] };
    expect(office.canPublish).toBe(true);
    expect(office.items.find((i) => i.id === n.id)?.withdrawnAt).not.toBeNull();
  });
});
