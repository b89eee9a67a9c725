import { Readable } from 'node:stream';
import type { TargetScope } from '../../authz/access-table.js';
import { exchangeAddressees, exchangeExceptions, exchangeFiles, exchangeFindings, exchangeHolds, exchangeTransfers, people } from '../../db/schema/index.js';
import type { ModuleFixtures, ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { seedPerson } from '../../testing/harness.js';
import { eq } from 'drizzle-orm';
import { exchangeOf } from './exchange.module.js';
import { actorOf } from './testing.js';
import { fixtures as vaultFixtures } from './vault/access.fixtures.js';
import { UploadService } from './vault/upload.js';

const CSV = Buffer.from('registration_no,arm\nJ-0001,A\n');
const DAY = 86_400_000;

/**
 * Requests for the exchange's routes. "own": a transfer the actor sent (or, for the second
 * approval, one sent from the actor's unit or institution); "other": one sent by a researcher of
 * institution B and not addressed to the actor. Transfers are written directly (their workflow is
 * tested in transfers.test.ts); a file that is downloaded is a real vault upload.
 */
export const fixtures: ModuleFixturesFactory = (kit) => {
  const { t, org, next, targetFor, targetPerson } = kit;
  const uploads = new UploadService(t.ctx);
  let recipient: { id: string } | null = null;
  let stranger: { id: string } | null = null;
  const now = () => t.clock.now();

  /** A data-center person every transfer is addressed to (and who is never an actor of the matrix). */
  const addressee = async () => {
    if (!recipient) {
      recipient = await seedPerson(t, { unitId: org.dc.id, roles: [{ role: 'data_center_staff', unitId: org.dc.id }] });
      await t.ctx.db.update(people).set({ accountStatus: 'active' }).where(eq(people.id, recipient.id));
    }
    return recipient;
  };
  const otherSender = async () => (stranger ??= await targetPerson('other'));

  /** A transfer written directly: a draft by default. */
  const transfer = async (senderId: string, over: Partial<typeof exchangeTransfers.$inferInsert> = {}) => {
    const [row] = await t.ctx.db
      .insert(exchangeTransfers)
      .values({ senderPersonId: senderId, purpose: `Fixture ${next()}`, classification: 'confidential', dataCategory: 'pseudonymized_case_data', expiryDays: 14, expiresAt: new Date(now().getTime() + 14 * DAY), state: 'draft', createdAt: now(), updatedAt: now(), ...over })
      .returning({ id: exchangeTransfers.id });
    await t.ctx.db.insert(exchangeAddressees).values({ transferId: row!.id, personId: (await addressee()).id });
    return row!.id;
  };
  const senderFor = async (scope: TargetScope, actorId: string) => (scope === 'own' ? actorId : (await otherSender()).id);
  /** A file row already scanned clean (its vault id need not exist unless it is downloaded). */
  const fileRow = async (transferId: string, senderId: string, vaultFileId: string = crypto.randomUUID()) => {
    const [f] = await t.ctx.db
      .insert(exchangeFiles)
      .values({ transferId, vaultFileId, fileName: 'fixture.csv', size: CSV.length, sha256: '0'.repeat(64), detectedType: 'csv', scanStatus: 'done', attachedBy: senderId, attachedAt: now(), scannedAt: now() })
      .returning({ id: exchangeFiles.id });
    return f!.id;
  };
  /** A finished vault upload owned by the person. */
  const upload = async (ownerId: string) => {
    const actor = await actorOf(t.ctx.db, ownerId);
    const u = await uploads.create(actor, { fileName: 'fixture.csv', size: CSV.length });
    await uploads.append(actor, u.id, 0, Readable.from([CSV]), CSV.length);
    return u.id;
  };
  const openFinding = async (transferId: string, fileId: string | null) => {
    await t.ctx.db.insert(exchangeFindings).values({ transferId, fileId, source: fileId ? 'file' : 'message', kind: 'name', column: fileId ? '氏名' : null, sheet: null, row: 2, cell: fileId ? 'A2' : null, masked: '山田***', rule: 'name.header', createdAt: now() });
  };
  /** A transfer awaiting second approval from the actor's unit or institution (own), or from institution B (other). */
  const awaitingApproval = async (scope: TargetScope, actorId: string) => {
    const [a] = await t.ctx.db.select({ unitId: people.unitId }).from(people).where(eq(people.id, actorId));
    let senderId: string;
    let scopeCols: { senderUnitId: string | null; senderInstitutionId: string | null };
    if (scope === 'other') {
      senderId = (await otherSender()).id;
      scopeCols = { senderUnitId: null, senderInstitutionId: org.instB.id };
    } else if (a?.unitId) {
      senderId = (await seedPerson(t, { unitId: a.unitId })).id;
      scopeCols = { senderUnitId: a.unitId, senderInstitutionId: null };
    } else {
      senderId = (await targetPerson('own')).id;
      scopeCols = { senderUnitId: null, senderInstitutionId: org.instA.id };
    }
    const id = await transfer(senderId, { ...scopeCols, dataCategory: 'special_care', state: 'awaiting_approval', requiresApproval: true, releaseRequestedAt: now() });
    await fileRow(id, senderId);
    return id;
  };
  const pendingException = async () => {
    const sender = await otherSender();
    const id = await transfer(sender.id, { state: 'blocked' });
    const [e] = await t.ctx.db.insert(exchangeExceptions).values({ transferId: id, requestedBy: sender.id, requestReason: 'fixture', findings: 1, createdAt: now() }).returning({ id: exchangeExceptions.id });
    await t.ctx.db.insert(exchangeFindings).values({ transferId: id, fileId: null, source: 'message', kind: 'phone', masked: '090-****-**78', rule: 'phone', createdAt: now(), exceptionId: e!.id });
    return e!.id;
  };
  const hold = async () => {
    const [h] = await t.ctx.db.insert(exchangeHolds).values({ transferId: null, reason: 'fixture', setAt: now() }).returning({ id: exchangeHolds.id });
    return h!.id;
  };

  const own: ModuleFixtures['routes'] = {
    'GET /api/exchange/options': async () => ({ method: 'GET', url: '/api/exchange/options', ok: 200 }),
    'GET /api/exchange/directory': async () => ({ method: 'GET', url: '/api/exchange/directory?q=Shiken', ok: 200 }),
    'GET /api/exchange/transfers': async () => ({ method: 'GET', url: '/api/exchange/transfers?box=outbox', ok: 200 }),
    'POST /api/exchange/transfers': async () => ({
      method: 'POST',
      url: '/api/exchange/transfers',
      body: { recipients: { personIds: [(await addressee()).id] }, purpose: `Fixture ${next()}`, dataCategory: 'pseudonymized_case_data' },
      ok: 201,
    }),
    'GET /api/exchange/transfers/:id': async (s, a, e) => ({ method: 'GET', url: `/api/exchange/transfers/${await targetFor(`x-get:${s}:${a}`, e, async () => transfer(await senderFor(s, a)))}`, ok: 200 }),
    'GET /api/exchange/transfers/:id/custody': async (s, a, e) => ({ method: 'GET', url: `/api/exchange/transfers/${await targetFor(`x-get:${s}:${a}`, e, async () => transfer(await senderFor(s, a)))}/custody`, ok: 200 }),
    'PATCH /api/exchange/transfers/:id': async (s, a, e) => ({
      method: 'PATCH',
      url: `/api/exchange/transfers/${await targetFor(`x-edit:${s}:${a}`, e, async () => transfer(await senderFor(s, a)))}`,
      body: { purpose: `Changed ${next()}` },
      ok: 200,
    }),
    'POST /api/exchange/transfers/:id/files': async (s, a, e) => {
      const id = await targetFor(`x-edit:${s}:${a}`, e, async () => transfer(await senderFor(s, a)));
      const settle = async () => exchangeOf(t.ctx).scanner.idle();
      return { method: 'POST', url: `/api/exchange/transfers/${id}/files`, body: { uploadId: e === 'allow' ? await upload(a) : crypto.randomUUID() }, ok: 201, settle };
    },
    'DELETE /api/exchange/transfers/:id/files/:fileId': async (s, a, e) => {
      const key = `x-file:${s}:${a}`;
      const id = await targetFor(key, e, async () => transfer(await senderFor(s, a)));
      const fileId = await targetFor(`${key}:file`, e, async () => fileRow(id, await senderFor(s, a)));
      return { method: 'DELETE', url: `/api/exchange/transfers/${id}/files/${fileId}`, ok: 200 };
    },
    'POST /api/exchange/transfers/:id/release': async (s, a, e) => {
      const id = await targetFor(`x-release:${s}:${a}`, e, async () => {
        const sender = await senderFor(s, a);
        const tid = await transfer(sender);
        await fileRow(tid, sender);
        return tid;
      });
      return { method: 'POST', url: `/api/exchange/transfers/${id}/release`, ok: 200 };
    },
    'POST /api/exchange/transfers/:id/withdraw': async (s, a, e) => ({
      method: 'POST',
      url: `/api/exchange/transfers/${await targetFor(`x-withdraw:${s}:${a}`, e, async () => transfer(await senderFor(s, a)))}/withdraw`,
      body: { reason: 'fixture' },
      ok: 200,
    }),
    'POST /api/exchange/transfers/:id/waivers': async (s, a, e) => {
      const key = `x-waive:${s}:${a}`;
      const id = await targetFor(key, e, async () => transfer(await senderFor(s, a), { state: 'blocked' }));
      const fileId = await targetFor(`${key}:file`, e, async () => {
        const f = await fileRow(id, await senderFor(s, a));
        await openFinding(id, f);
        return f;
      });
      return { method: 'POST', url: `/api/exchange/transfers/${id}/waivers`, body: { fileId, sheet: null, column: '氏名', reason: 'Drug names, not people' }, ok: 200 };
    },
    'POST /api/exchange/transfers/:id/exception-requests': async (s, a, e) => {
      const id = await targetFor(`x-exc:${s}:${a}`, e, async () => {
        const tid = await transfer(await senderFor(s, a), { state: 'blocked' });
        await openFinding(tid, null);
        return tid;
      });
      return { method: 'POST', url: `/api/exchange/transfers/${id}/exception-requests`, body: { reason: 'The number is a trial code' }, ok: 200 };
    },
    'GET /api/exchange/transfers/:id/files/:fileId/content': async (s, a, e) => {
      const key = `x-dl:${s}:${a}`;
      const sender = await senderFor(s, a);
      const id = await targetFor(key, e, () => transfer(sender));
      const fileId = await targetFor(`${key}:file`, e, async () => fileRow(id, sender, await upload(sender)));
      return { method: 'GET', url: `/api/exchange/transfers/${id}/files/${fileId}/content`, ok: 200 };
    },
    'POST /api/exchange/transfers/:id/approval': async (s, a, e) => ({
      method: 'POST',
      url: `/api/exchange/transfers/${await targetFor(`x-approve:${s}:${a}`, e, () => awaitingApproval(s, a))}/approval`,
      body: { decision: 'approve', reason: null },
      ok: 200,
    }),
    'GET /api/exchange/approvals': async () => ({ method: 'GET', url: '/api/exchange/approvals', ok: 200 }),
    'GET /api/exchange/exceptions': async () => ({ method: 'GET', url: '/api/exchange/exceptions?status=pending', ok: 200 }),
    'POST /api/exchange/exceptions/:id/decision': async (s, a, e) => ({
      method: 'POST',
      url: `/api/exchange/exceptions/${await targetFor(`x-decide:${s}:${a}`, e, pendingException)}/decision`,
      body: { decision: 'approve', reason: 'A trial code, not a phone number' },
      ok: 200,
    }),
    'GET /api/exchange/waivers': async () => ({ method: 'GET', url: '/api/exchange/waivers', ok: 200 }),
    'GET /api/exchange/holds': async () => ({ method: 'GET', url: '/api/exchange/holds', ok: 200 }),
    'POST /api/exchange/holds': async () => ({ method: 'POST', url: '/api/exchange/holds', body: { transferId: null, reason: 'Incident fixture' }, ok: 201 }),
    'POST /api/exchange/holds/:id/release': async (s, a, e) => ({ method: 'POST', url: `/api/exchange/holds/${await targetFor(`x-hold:${s}:${a}`, e, hold)}/release`, body: { reason: 'Incident closed' }, ok: 200 }),
    'GET /api/exchange/settings': async () => ({ method: 'GET', url: '/api/exchange/settings', ok: 200 }),
    'PUT /api/exchange/settings': async () => ({ method: 'PUT', url: '/api/exchange/settings', body: { rules: {}, specialCareApproval: true, note: 'fixture' }, ok: 200 }),
  };
  return { routes: { ...vaultFixtures(kit).routes, ...own } };
};
