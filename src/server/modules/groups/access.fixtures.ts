import { and, eq } from 'drizzle-orm';
import type { Access, TargetScope } from '../../authz/access-table.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client.js';
import { groupCredentialVersions } from '../../db/schema/index.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { makeRegistries } from '../org/registries.js';
import { GroupContentService } from './content.service.js';
import { boxFor, ensureIssued, proposeGroupRotation } from './rotation.js';

export const fixtures: ModuleFixturesFactory = ({ t, org, next, targetFor, targetPerson }) => {
  const ctx = t.ctx;
  const content = new GroupContentService(ctx);
  const groupOf = (s: TargetScope) => (s === 'own' ? org.rgA.id : org.rgB.id);

  /** The group's login and current password (issuing the first version if needed). */
  async function credential(researchGroupId: string) {
    const cred = await ctx.db.transaction((tx) => ensureIssued(tx, ctx, system, researchGroupId));
    const [v] = await ctx.db
      .select()
      .from(groupCredentialVersions)
      .where(and(eq(groupCredentialVersions.researchGroupId, researchGroupId), eq(groupCredentialVersions.version, cred.currentVersion)));
    return { login: cred.login, password: boxFor(ctx).open(v!.sealed, researchGroupId, cred.currentVersion) };
  }

  const notice = (s: TargetScope, e: Access) =>
    targetFor(`group-notice:${s}`, e, async () => {
      const i = next();
      return (await content.publishNotice(system, groupOf(s), { titleJa: `お知らせ${i}`, titleEn: `Notice ${i}`, bodyJa: '本文', bodyEn: 'Body' })).id;
    });
  const document = (s: TargetScope, e: Access) =>
    targetFor(`group-document:${s}`, e, async () => {
      const i = next();
      const upload = { fileName: `doc${i}.txt`, data: Buffer.from(`document ${i}\n`), fields: { titleJa: `資料${i}`, titleEn: `Document ${i}` } };
      return (await content.publishDocument(system, groupOf(s), async () => upload)).id;
    });

  /** An open rotation proposal for a group of its own (one open proposal per group). */
  const proposal = (e: Access) =>
    targetFor('group-proposal', e, async () => {
      const i = next();
      const g = (await makeRegistries(ctx).researchGroups.create(system, { code: `GP-${i}`, nameJa: `提案${i}`, nameEn: `Proposal ${i}` })) as { id: string };
      await ctx.db.transaction(async (tx) => {
        await ensureIssued(tx, ctx, system, g.id);
        await proposeGroupRotation(tx, ctx, system, [g.id], 'member_left');
      });
      const [p] = await queryRows<{ id: string }>(ctx.db, sql`select id from group_rotation_proposals where research_group_id = ${g.id} and status = 'open'`);
      return p!.id;
    });

  return {
    routes: {
      'GET /api/group-ids/mine': async () => ({ method: 'GET', url: '/api/group-ids/mine', ok: 200 }),
      'POST /api/group-ids/:groupId/reveal': async (s) => ({ method: 'POST', url: `/api/group-ids/${groupOf(s)}/reveal`, ok: 200 }),
      'GET /api/group-ids/:groupId/resend-candidates': async (s) => ({ method: 'GET', url: `/api/group-ids/${groupOf(s)}/resend-candidates`, ok: 200 }),
      // No SMTP server in the matrix: an allowed re-send gets past authorization and is then refused with 409 SMTP_REQUIRED
      // (a held message would show the password to the outbox's readers). Delivery is tested in groups.credentials.test.ts.
      'POST /api/group-ids/:groupId/resend': async (s) => ({ method: 'POST', url: `/api/group-ids/${groupOf(s)}/resend`, body: { personId: (await targetPerson(s)).id }, ok: 409 }),
      'GET /api/group-credentials': async () => ({ method: 'GET', url: '/api/group-credentials', ok: 200 }),
      'GET /api/group-credentials/:groupId': async (s) => ({ method: 'GET', url: `/api/group-credentials/${groupOf(s)}`, ok: 200 }),
      'POST /api/group-credentials/:groupId/rotate': async (s) => ({ method: 'POST', url: `/api/group-credentials/${groupOf(s)}/rotate`, ok: 200 }),
      'PATCH /api/group-credentials/:groupId/schedule': async (s) => ({ method: 'PATCH', url: `/api/group-credentials/${groupOf(s)}/schedule`, body: { intervalDays: 90 + (Number(next()) % 600) }, ok: 204 }),
      'GET /api/group-rotation-proposals': async () => ({ method: 'GET', url: '/api/group-rotation-proposals?status=open', ok: 200 }),
      'POST /api/group-rotation-proposals/:id/accept': async (_s, _a, e) => ({ method: 'POST', url: `/api/group-rotation-proposals/${await proposal(e)}/accept`, ok: 200 }),
      'POST /api/group-rotation-proposals/:id/dismiss': async (_s, _a, e) => ({ method: 'POST', url: `/api/group-rotation-proposals/${await proposal(e)}/dismiss`, body: { reason: 'already rotated by hand' }, ok: 200 }),
      'GET /api/group-content/:groupId': async (s) => ({ method: 'GET', url: `/api/group-content/${groupOf(s)}`, ok: 200 }),
      'GET /api/group-content/:groupId/items/:itemId': async (s, _a, e) => ({ method: 'GET', url: `/api/group-content/${groupOf(s)}/items/${await notice(s, e === 'allow' ? 'deny' : e)}`, ok: 200 }),
      'GET /api/group-content/:groupId/items/:itemId/file': async (s, _a, e) => ({ method: 'GET', url: `/api/group-content/${groupOf(s)}/items/${await document(s, e === 'allow' ? 'deny' : e)}/file`, ok: 200 }),
      'POST /api/group-content/:groupId/notices': async (s) => {
        const i = next();
        return { method: 'POST', url: `/api/group-content/${groupOf(s)}/notices`, body: { titleJa: `告知${i}`, titleEn: `Notice ${i}`, bodyJa: '本文', bodyEn: 'Body' }, ok: 201 };
      },
      'POST /api/group-content/:groupId/documents': async (s) => {
        const i = next();
        const boundary = `----mamorigroup${i}`;
        const field = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
        const body = `${field('titleJa', `資料${i}`)}${field('titleEn', `Document ${i}`)}--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="minutes${i}.txt"\r\nContent-Type: text/plain\r\n\r\nminutes ${i}\r\n--${boundary}--\r\n`;
        return { method: 'POST', url: `/api/group-content/${groupOf(s)}/documents`, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, ok: 201 };
      },
      'PATCH /api/group-content/:groupId/items/:itemId': async (s, _a, e) => ({ method: 'PATCH', url: `/api/group-content/${groupOf(s)}/items/${await notice(s, e)}`, body: { titleEn: `Renamed ${next()}` }, ok: 200 }),
      'POST /api/group-content/:groupId/items/:itemId/withdraw': async (s, _a, e) => ({ method: 'POST', url: `/api/group-content/${groupOf(s)}/items/${await notice(s, e)}/withdraw`, body: { reason: 'superseded' }, ok: 200 }),
    },
    publicRoutes: {
      'POST /api/group-access/sign-in': async () => {
        const { login, password } = await credential(org.rgA.id);
        return { method: 'POST', url: '/api/group-access/sign-in', body: { groupId: login, password }, ok: 200 };
      },
      'GET /api/group-access/session': async () => ({ method: 'GET', url: '/api/group-access/session', ok: 200 }),
      'POST /api/group-access/sign-out': async () => ({ method: 'POST', url: '/api/group-access/sign-out', ok: 204 }),
    },
  };
};

