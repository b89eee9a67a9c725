import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../authz/actor.js';
import type { Tx } from '../db/client.js';
import { auditLog, mailOutbox, people } from '../db/schema/index.js';
import { Scheduler } from '../jobs/scheduler.js';
import { shutdown } from '../main.js';
import { createTestApp, lastAuditSeq, seedPerson, sessionFor, type TestEnv } from '../testing/harness.js';
import { TestSmtp } from '../testing/smtp.js';
import { appendAuditAlone } from './audit.service.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { checkCheckpointSignature, CheckpointFile } from './checkpoint.js';
import { auditJobs, latestWitnessFile, witnessCheckpoint, witnessFileName } from './witness.js';

type Row = typeof auditLog.$inferSelect;
const MINUTE = 60_000;

/** Runs `fn` as an attacker with superuser rights would: with the append-only triggers bypassed. */
function asAttacker(t: TestEnv, fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  return t.ctx.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await fn(tx);
  });
}

const allRows = (t: TestEnv): Promise<Row[]> => t.ctx.db.select().from(auditLog).orderBy(asc(auditLog.seq));
const witnessFiles = (t: TestEnv) => (existsSync(t.config.auditWitnessDir) ? readdirSync(t.config.auditWitnessDir).sort() : []);
const readWitness = (path: string) => CheckpointFile.parse(JSON.parse(readFileSync(path, 'utf8')));

describe('witnessed audit checkpoints', () => {
  let smtp: TestSmtp;
  let t: TestEnv;
  let jobs: Scheduler;
  let managerEmail: string;
  let managerId: string;
  /** The web audit page's verify, in a fresh session (the clock moves past session lifetimes here). */
  const webVerify = async () => (await sessionFor(t, managerId)).post('/api/audit/verify');

  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, AUDIT_CHECKPOINT_MINUTES: '60' });
    const manager = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    await t.ctx.db.update(people).set({ language: 'en' }).where(eq(people.id, manager.id));
    managerEmail = manager.email;
    managerId = manager.id;
    // The audit job alone, from the audit module's manifest, so other modules' jobs do not move the log.
    jobs = new Scheduler(t.ctx.db, t.clock);
    for (const job of auditJobs(t.ctx)) jobs.register(job);
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('signs the head into a witness file and emails it to the information security manager', async () => {
    const before = await lastAuditSeq(t);
    const [report] = await jobs.runDue();
    expect(report).toMatchObject({ name: 'audit.witness_checkpoint', ran: true, result: { signed: true, seq: before + 1, mails: 1 } });

    // The checkpoint covers the job's own entry, so the next run sees no growth.
    const [entry] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.seq, before + 1));
    expect(entry).toMatchObject({ action: 'audit.checkpoint_witnessed', details: { reason: 'scheduled', previousSeq: null, verifiedEntries: before } });

    expect(witnessFiles(t)).toEqual([witnessFileName(before + 1)]);
    const path = latestWitnessFile(t.config) as string;
    expect(path).toBe(join(t.config.auditWitnessDir, witnessFileName(before + 1)));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const cp = readWitness(path);
    expect(cp).toMatchObject({ seq: before + 1, hash: entry?.hash, createdAt: t.clock.now().toISOString() });
    expect(checkCheckpointSignature(cp, t.ctx.secrets.auditPublicKey)).toBeNull();

    const mail = await smtp.waitFor((m) => m.to.includes(managerEmail));
    expect(mail.subject).toBe(`Audit log checkpoint (entry ${before + 1})`);
    const line = mail.text.split('\n').find((l) => l.startsWith('{"format"')) as string;
    expect(CheckpointFile.parse(JSON.parse(line))).toEqual(cp);
  });

  it('signs nothing while the log has not grown, and runs once per due time', async () => {
    const files = witnessFiles(t);
    const seq = await lastAuditSeq(t);
    const mails = (await t.ctx.db.select().from(mailOutbox)).length;
    t.clock.advance(30 * MINUTE);
    expect((await jobs.runDue())[0]).toEqual({ name: 'audit.witness_checkpoint', ran: false });
    t.clock.advance(31 * MINUTE);
    expect((await jobs.runDue())[0]).toMatchObject({ ran: true, result: { signed: false, skipped: 'not_grown' } });
    expect(witnessFiles(t)).toEqual(files);
    expect(await lastAuditSeq(t)).toBe(seq);
    expect(await t.ctx.db.select().from(mailOutbox)).toHaveLength(mails);
  });

  it('signs the next checkpoint once the clock reaches the next due time after the log grew', async () => {
    const prev = readWitness(latestWitnessFile(t.config) as string);
    await appendAuditAlone(t.ctx.db, t.clock, systemActor('test'), { action: 'person.viewed', targetType: 'person', targetId: 'x' });
    t.clock.advance(59 * MINUTE);
    expect((await jobs.runDue())[0]).toEqual({ name: 'audit.witness_checkpoint', ran: false });
    t.clock.advance(2 * MINUTE);
    expect((await jobs.runDue())[0]).toMatchObject({ ran: true, result: { signed: true, seq: prev.seq + 2 } });
    expect(witnessFiles(t)).toEqual([witnessFileName(prev.seq), witnessFileName(prev.seq + 2)]);
    const [entry] = await t.ctx.db.select().from(auditLog).where(eq(auditLog.seq, prev.seq + 2));
    expect(entry?.details).toMatchObject({ previousSeq: prev.seq, verifiedEntries: 2 });

    const verified = await webVerify();
    expect(verified.body).toMatchObject({ ok: true, witness: { seq: prev.seq + 2, file: witnessFileName(prev.seq + 2), matches: true, problem: null } });
  });

  describe('refuses to vouch for a tampered log, and says so', () => {
    let original: Row[];
    beforeAll(async () => {
      original = await allRows(t);
    });
    const restore = () =>
      asAttacker(t, async (tx) => {
        await tx.execute(sql`delete from audit_log`);
        await tx.insert(auditLog).values(original);
      });

    it('a truncated tail', async () => {
      const witnessed = readWitness(latestWitnessFile(t.config) as string).seq;
      const files = witnessFiles(t);
      // The attacker removes the newest entries, then the log grows again past the witness.
      await asAttacker(t, (tx) => tx.execute(sql`delete from audit_log where seq > ${witnessed - 2}`));
      await expect(witnessCheckpoint(t.ctx, t.clock.now())).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', message: expect.stringMatching(/truncated/) });
      const alert = await smtp.waitFor((m) => m.to.includes(managerEmail) && m.subject.startsWith('[Urgent]'));
      expect(alert.text).toMatch(new RegExp(`the checkpoint of entry ${witnessed}`));
      for (let i = 0; i < 4; i++) await appendAuditAlone(t.ctx.db, t.clock, systemActor('test'), { action: 'person.viewed' });
      await expect(witnessCheckpoint(t.ctx, t.clock.now())).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN' });
      expect(witnessFiles(t)).toEqual(files);

      const verified = await webVerify();
      expect(verified.body).toMatchObject({ ok: false, witness: { seq: witnessed, matches: false } });
      await restore();
    });

    it('a chain rewritten consistently (every hash recomputed)', async () => {
      const witnessed = readWitness(latestWitnessFile(t.config) as string).seq;
      await asAttacker(t, async (tx) => {
        let prev = GENESIS_HASH;
        for (const r of original) {
          const e = r.seq === 2 ? { ...r, details: { rewritten: true } } : r;
          const hash = chainHash(prev, e);
          await tx.update(auditLog).set({ ...e, prevHash: prev, hash }).where(sql`seq = ${r.seq}`);
          prev = hash;
        }
      });
      // On its own the chain is intact; only the witness shows the rewrite.
      await expect(witnessCheckpoint(t.ctx, t.clock.now())).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', message: expect.stringMatching(new RegExp(`entry ${witnessed} differs from the signed checkpoint`)) });
      const verified = await webVerify();
      expect(verified.body).toMatchObject({ ok: false, firstBadSeq: witnessed, reason: `entry ${witnessed} differs from the signed checkpoint`, witness: { seq: witnessed, matches: false } });
      await restore();
    });

    it('a forged checkpoint file in the witness directory', async () => {
      const path = latestWitnessFile(t.config) as string;
      const genuine = readWitness(path);
      const forgedPath = join(t.config.auditWitnessDir, witnessFileName(genuine.seq + 100));
      writeFileSync(forgedPath, JSON.stringify({ ...genuine, seq: genuine.seq + 100 }));
      try {
        await expect(witnessCheckpoint(t.ctx, t.clock.now())).rejects.toMatchObject({ code: 'AUDIT_CHAIN_BROKEN', message: expect.stringMatching(/signature is invalid/) });
        const verified = await webVerify();
        expect(verified.body).toMatchObject({ ok: false, witness: { file: witnessFileName(genuine.seq + 100), matches: false, problem: expect.stringMatching(/signature is invalid/) } });
      } finally {
        rmSync(forgedPath);
      }
      // Restored: the genuine log extends the genuine witness again and is signed.
      expect(await witnessCheckpoint(t.ctx, t.clock.now())).toMatchObject({ signed: true });
    });
  });
});

describe('graceful shutdown', () => {
  it('signs and writes a last checkpoint before the database closes', async () => {
    const t = await createTestApp();
    let closed = false;
    try {
      await appendAuditAlone(t.ctx.db, t.clock, systemActor('test'), { action: 'person.viewed' });
      const seq = await lastAuditSeq(t);
      const witnessed = await shutdown(t, t.database);
      closed = true;
      expect(witnessed).toMatchObject({ signed: true, seq: seq + 1 });
      const path = latestWitnessFile(t.config) as string;
      expect(path).toBe(join(t.config.auditWitnessDir, witnessFileName(seq + 1)));
      const cp = readWitness(path);
      expect(checkCheckpointSignature(cp, t.ctx.secrets.auditPublicKey)).toBeNull();
    } finally {
      if (!closed) await t.close();
    }
  });
});
