import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, type Actor } from '../authz/actor.js';
import { ManualClock } from '../clock.js';
import type { Database, Db, Tx } from '../db/client.js';
import { auditLog } from '../db/schema/index.js';
import { ENGINE, freshDatabase } from '../testing/harness.js';
import { appendAudit, appendAuditAlone, verifyAudit, type AuditEvent, type Checkpoint, type VerifyResult } from './audit.service.js';
import { canonicalEntry, chainHash, GENESIS_HASH, type ChainedFields } from './chain.js';
import { checkCheckpointSignature, CheckpointFile, createCheckpoint } from './checkpoint.js';
import { canonicalRow, entryReader } from './verify-fast.js';

type Row = typeof auditLog.$inferSelect;

const clock = new ManualClock(new Date('2026-04-01T09:00:00.000Z'));
const keys = generateKeyPairSync('ed25519');
const person = (): Actor => ({ ...systemActor(), kind: 'person', personId: randomUUID(), sessionId: 'f'.repeat(64), ip: '192.0.2.10', userAgent: 'Mozilla/5.0 (Macintosh) Safari/605.1.15' });

/**
 * The verifier as it was first written (drizzle rows, chainHash): the tests check the fast
 * verifier reaches the same verdict on every tampered log.
 */
async function referenceVerify(db: Db, checkpoint?: Checkpoint): Promise<Omit<VerifyResult, 'reason'>> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let checked = 0;
  let lastSeq: number | null = null;
  let seen = false;
  const fail = (seq: number | null) => ({ ok: false, checked, lastSeq, lastHash: prevHash, firstBadSeq: seq });
  for (;;) {
    const rows = await db.select().from(auditLog).where(gt(auditLog.seq, expectedSeq - 1)).orderBy(asc(auditLog.seq)).limit(4);
    for (const r of rows) {
      if (r.seq !== expectedSeq) return fail(expectedSeq);
      if (r.prevHash !== prevHash) return fail(r.seq);
      if (chainHash(prevHash, r as ChainedFields) !== r.hash) return fail(r.seq);
      if (checkpoint && r.seq === checkpoint.seq) {
        if (r.hash !== checkpoint.hash) return fail(r.seq);
        seen = true;
      }
      prevHash = r.hash;
      lastSeq = r.seq;
      expectedSeq++;
      checked++;
    }
    if (rows.length < 4) break;
  }
  if (checkpoint && !seen) return fail(Math.min(expectedSeq, checkpoint.seq));
  return { ok: true, checked, lastSeq, lastHash: lastSeq === null ? null : prevHash, firstBadSeq: null };
}

/** Verifies with small batches (so paging is exercised) and checks the reference verifier agrees. */
async function verify(db: Db, checkpoint?: Checkpoint): Promise<VerifyResult> {
  const r = await verifyAudit(db, { checkpoint, batchSize: 4 });
  const { reason: _reason, ...verdict } = r;
  expect(verdict).toEqual(await referenceVerify(db, checkpoint));
  return r;
}

/** Runs `fn` as an attacker with superuser rights would: with the append-only triggers bypassed. */
function asAttacker(db: Db, fn: (tx: Tx) => Promise<unknown>): Promise<void> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await fn(tx);
  });
}

const allRows = (db: Db): Promise<Row[]> => db.select().from(auditLog).orderBy(asc(auditLog.seq));

/** Rewrites entries from `from` on with `edit` applied, recomputing every hash so the chain is consistent. */
async function rewriteFrom(tx: Tx, rows: Row[], from: number, edit: (r: Row) => Row) {
  let prev = rows.find((r) => r.seq === from - 1)?.hash ?? GENESIS_HASH;
  for (const r of rows.filter((x) => x.seq >= from)) {
    const e = edit(r);
    const hash = chainHash(prev, e);
    await tx.update(auditLog).set({ ...e, prevHash: prev, hash }).where(sql`seq = ${r.seq}`);
    prev = hash;
  }
}

const dbError = (e: unknown) => {
  const err = e as { message: string; cause?: { message: string; code?: string } };
  return { code: err.cause?.code, message: err.cause?.message ?? err.message };
};

describe('audit chain on a log written by real actions', () => {
  let database: Database;
  let db: Db;
  let original: Row[];
  let cp8: CheckpointFile;
  let cp12: CheckpointFile;

  beforeAll(async () => {
    database = await freshDatabase();
    db = database.db;
    const a = person();
    const events: AuditEvent[] = [
      { action: 'setup.completed', targetType: 'person', targetId: a.personId, details: { role: 'security_manager' } },
      { action: 'person.created', targetType: 'person', targetId: randomUUID(), details: { after: { familyNameJa: '山田', givenNameJa: '花子', familyNameKana: 'ヤマダ', email: 'hanako@example.jp', note: null, institutionIds: [] } } },
      { action: 'person.updated', targetType: 'person', targetId: randomUUID(), details: { before: { note: '旧所属：「甲病院」\n改行あり' }, after: { note: 'emoji 🏥 / "quotes" \\ back\\slash \u2028' }, links: {} } },
      { action: 'role.granted', targetType: 'person', targetId: randomUUID(), scope: { institutionId: randomUUID() }, details: { role: 'researcher', institutionId: randomUUID(), researchGroupId: null, unitId: null, committeeId: null } },
      { action: 'auth.sign_in_failed', targetType: 'person', targetId: null, details: { email: 'nobody@example.jp', reason: 'unknown_email' } },
      { action: 'audit.viewed', details: { filters: { page: 1, pageSize: 50, nested: { deeper: { b: [1, 2.5, -0.001, 1e21, true, false, null], a: 'x' } } } } },
      { action: 'institution.created', targetType: 'institution', targetId: randomUUID(), details: { after: { code: 'A-01', nameJa: '国立がん研究センター中央病院', prefecture: '13', '10': 'ten', '9': 'nine' } } },
      { action: 'authz.denied', details: { action: 'audit.read', resource: null, when: new Date('2026-04-01T09:00:07.123Z') } },
      { action: 'person.viewed', targetType: 'person', targetId: randomUUID() },
      { action: 'auth.signed_in', targetType: 'person', targetId: a.personId, details: null },
      { action: 'person.deactivated', targetType: 'person', targetId: randomUUID(), details: { reason: undefined, keep: 'yes' } },
      { action: 'audit.verified', details: { ok: true, checked: 11, firstBadSeq: null } },
    ];
    // Entries 4 and 5 share a transaction, as a service writes a change and its role grant together.
    const groups = [[0], [1], [2], [3, 4], [5], [6], [7], [8], [9], [10], [11]];
    for (const group of groups) {
      const actor = (group[0] as number) % 3 === 0 ? systemActor('cli') : a;
      await db.transaction(async (tx) => {
        for (const i of group) {
          clock.advance(1_000 + i);
          await appendAudit(tx, clock, actor, events[i] as AuditEvent);
        }
      });
      if (group.includes(7)) cp8 = await createCheckpoint(db, keys.privateKey, clock.now());
    }
    cp12 = await createCheckpoint(db, keys.privateKey, clock.now());
    original = await allRows(db);
  });
  afterAll(() => database?.close());

  it('verifies, on entries with Japanese text, nested objects, nulls and a Date', async () => {
    expect(original.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(cp8.seq).toBe(8);
    expect(cp12.seq).toBe(12);
    const r = await verify(db);
    expect(r).toMatchObject({ ok: true, checked: 12, lastSeq: 12, firstBadSeq: null, reason: null });
    expect(r.lastHash).toBe(original[11]?.hash);
    expect(await verify(db, cp8)).toMatchObject({ ok: true });
    expect(await verify(db, cp12)).toMatchObject({ ok: true });
    // From a checkpoint already verified: only the entries from it on are read.
    expect(await verifyAudit(db, { from: cp8, batchSize: 2 })).toMatchObject({ ok: true, checked: 5, lastSeq: 12, lastHash: original[11]?.hash });
  });

  it('verifies inside a transaction too (the generic reader)', async () => {
    await db.transaction(async (tx) => {
      expect(await verifyAudit(tx as unknown as Db, { checkpoint: cp12, batchSize: 5 })).toMatchObject({ ok: true, checked: 12, lastHash: original[11]?.hash });
    });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    for (const q of [sql`update audit_log set action = 'auth.signed_in' where seq = 1`, sql`delete from audit_log where seq = 12`, sql`truncate audit_log`]) {
      const err = await db.execute(q).then(
        () => null,
        (e: unknown) => dbError(e),
      );
      expect(err).toMatchObject({ code: '42501', message: expect.stringMatching(/audit_log is append-only \((UPDATE|DELETE|TRUNCATE) refused\)/) });
    }
    expect(await allRows(db)).toEqual(original);
  });

  it('lets a superuser bypass the triggers both ways (what the chain is for)', async () => {
    for (const bypass of [sql`set local session_replication_role = replica`, sql`alter table audit_log disable trigger user`]) {
      const rolledBack = new Error('rolled back');
      await expect(
        db.transaction(async (tx) => {
          await tx.execute(bypass);
          await tx.execute(sql`delete from audit_log where seq = 12`);
          expect((await verifyAudit(tx as unknown as Db, { checkpoint: cp12 })).ok).toBe(false);
          throw rolledBack;
        }),
      ).rejects.toBe(rolledBack);
    }
  });

  describe('detects tampering at the first bad entry', () => {
    afterEach(async () => {
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`delete from audit_log`);
        await tx.insert(auditLog).values(original);
      });
      expect((await verify(db, cp12)).ok).toBe(true);
    });

    it('an edited detail field', async () => {
      await asAttacker(db, (tx) => tx.execute(sql`update audit_log set details = jsonb_set(details, '{after,email}', '"mallory@example.jp"') where seq = 2`));
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 2, checked: 1, lastSeq: 1, reason: 'entry 2 was altered (its hash does not match its contents)' });
    });

    it('an edited action', async () => {
      await asAttacker(db, (tx) => tx.execute(sql`update audit_log set action = 'person.viewed' where seq = 7`));
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 7, reason: expect.stringMatching(/entry 7 was altered/) });
    });

    it('an edited time, actor or target', async () => {
      for (const [seq, edit] of [
        [3, sql`at = at + interval '1 second'`],
        [4, sql`actor_ip = '198.51.100.1'`],
        [5, sql`target_type = 'institution'`],
        [6, sql`actor_person_id = null`],
      ] as const) {
        await asAttacker(db, (tx) => tx.execute(sql`update audit_log set ${edit} where seq = ${seq}`));
        expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: seq });
        await asAttacker(db, async (tx) => {
          await tx.execute(sql`delete from audit_log where seq = ${seq}`);
          await tx.insert(auditLog).values(original[seq - 1] as Row);
        });
      }
    });

    it('a deleted middle entry', async () => {
      await asAttacker(db, (tx) => tx.execute(sql`delete from audit_log where seq = 6`));
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 6, checked: 5, reason: 'entry 6 is missing (next entry is 7)' });
    });

    it('a deleted middle entry with the later ones renumbered to close the gap', async () => {
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`delete from audit_log where seq = 6`);
        await tx.execute(sql`update audit_log set seq = seq + 1000 where seq > 6`);
        await tx.execute(sql`update audit_log set seq = seq - 1001 where seq > 1000`);
      });
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 6, reason: 'entry 6 does not link to entry 5' });
    });

    it('two entries swapped, hashes and all, keeping their sequence numbers', async () => {
      const [a, b] = [original[3] as Row, original[8] as Row];
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`delete from audit_log where seq in (4, 9)`);
        await tx.insert(auditLog).values([{ ...b, seq: 4 }, { ...a, seq: 9 }]);
      });
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'entry 4 does not link to entry 3' });
    });

    it('two entries’ contents swapped, keeping each position’s hashes', async () => {
      const [a, b] = [original[3] as Row, original[8] as Row];
      const content = ({ seq: _s, prevHash: _p, hash: _h, ...rest }: Row) => rest;
      await asAttacker(db, async (tx) => {
        await tx.update(auditLog).set(content(b)).where(sql`seq = 4`);
        await tx.update(auditLog).set(content(a)).where(sql`seq = 9`);
      });
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringMatching(/entry 4 was altered/) });
    });

    it('a forged entry inserted in the middle, later ones renumbered', async () => {
      const prev = original[5] as Row;
      const forged: ChainedFields = { ...prev, seq: 7, at: new Date(prev.at.getTime() + 1), action: 'auth.signed_in', details: { forged: true } };
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`update audit_log set seq = seq + 1000 where seq >= 7`);
        await tx.execute(sql`update audit_log set seq = seq - 999 where seq > 1000`);
        await tx.insert(auditLog).values({ ...forged, prevHash: prev.hash, hash: chainHash(prev.hash, forged) });
      });
      // The forged entry is self-consistent and links to 6; the entry after it no longer links.
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 8, checked: 7, reason: 'entry 8 does not link to entry 7' });
    });

    it('a forged entry with a recomputed hash but a wrong link', async () => {
      const linkTo = original[3] as Row; // pretends to follow entry 4
      const forged: ChainedFields = { ...(original[6] as Row), action: 'auth.signed_in', details: { forged: true } };
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`update audit_log set seq = seq + 1000 where seq >= 7`);
        await tx.execute(sql`update audit_log set seq = seq - 999 where seq > 1000`);
        await tx.insert(auditLog).values({ ...forged, prevHash: linkTo.hash, hash: chainHash(linkTo.hash, forged) });
      });
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 7, reason: 'entry 7 does not link to entry 6' });
    });

    it('an entry replaced by a forgery whose hash is recomputed', async () => {
      await asAttacker(db, (tx) => rewriteFrom(tx, original.slice(0, 7), 7, (r) => ({ ...r, details: { forged: true } })));
      expect(await verify(db)).toMatchObject({ ok: false, firstBadSeq: 8, reason: 'entry 8 does not link to entry 7' });
    });

    it('a forged entry numbered below 1, outside the chain', async () => {
      const forged = { ...(original[0] as Row), seq: -1, action: 'auth.signed_in' };
      await asAttacker(db, (tx) => tx.insert(auditLog).values(forged));
      expect(await verifyAudit(db)).toMatchObject({ ok: false, firstBadSeq: -1, reason: 'entry -1 is outside the chain (sequence numbers start at 1)' });
    });

    it('a truncated tail: unseen without a checkpoint, caught against one taken before', async () => {
      await asAttacker(db, (tx) => tx.execute(sql`delete from audit_log where seq > 9`));
      expect(await verify(db)).toMatchObject({ ok: true, checked: 9, lastSeq: 9, lastHash: original[8]?.hash });
      expect(await verify(db, cp8)).toMatchObject({ ok: true });
      expect(await verifyAudit(db, { from: cp12 })).toMatchObject({ ok: false, firstBadSeq: 12 });
      expect(await verify(db, cp12)).toMatchObject({
        ok: false,
        firstBadSeq: 10,
        checked: 9,
        reason: 'entries 10–12 are missing: the log ends at entry 9 but the signed checkpoint covers entry 12',
      });
    });

    it('the whole log truncated', async () => {
      await asAttacker(db, (tx) => tx.execute(sql`truncate audit_log`));
      expect(await verify(db)).toMatchObject({ ok: true, checked: 0, lastSeq: null, lastHash: null });
      expect(await verify(db, cp8)).toMatchObject({ ok: false, firstBadSeq: 1, reason: 'entries 1–8 are missing: the log ends at entry 0 but the signed checkpoint covers entry 8' });
    });

    it('the chain rewritten consistently from entry 5: caught by an earlier checkpoint', async () => {
      await asAttacker(db, (tx) => rewriteFrom(tx, original, 5, (r) => ({ ...r, details: { rewritten: true } })));
      expect(await verify(db)).toMatchObject({ ok: true, checked: 12 });
      expect(await verify(db, cp8)).toMatchObject({ ok: false, firstBadSeq: 8, checked: 7, reason: 'entry 8 differs from the signed checkpoint' });
      expect(await verifyAudit(db, { from: cp8 })).toMatchObject({ ok: false, firstBadSeq: 8, checked: 0, reason: 'entry 8 differs from the signed checkpoint' });
    });

    it('the tail truncated and rewritten past the checkpoint', async () => {
      await asAttacker(db, async (tx) => {
        await tx.execute(sql`delete from audit_log where seq > 10`);
        await rewriteFrom(tx, original.slice(0, 10), 10, (r) => ({ ...r, details: { rewritten: true } }));
      });
      expect(await verify(db, cp12)).toMatchObject({ ok: false, firstBadSeq: 11, reason: expect.stringMatching(/^entries 11–12 are missing/) });
    });
  });

  describe('signed checkpoints', () => {
    it('accepts a genuine checkpoint file', () => {
      const parsed = CheckpointFile.parse(JSON.parse(JSON.stringify(cp12)));
      expect(checkCheckpointSignature(parsed, keys.publicKey)).toBeNull();
    });

    it('refuses a file whose seq or hash was changed', () => {
      expect(checkCheckpointSignature({ ...cp12, seq: 9 }, keys.publicKey)).toMatch(/signature is invalid/);
      expect(checkCheckpointSignature({ ...cp12, hash: original[8]?.hash as string }, keys.publicKey)).toMatch(/signature is invalid/);
      expect(checkCheckpointSignature({ ...cp12, createdAt: '2030-01-01T00:00:00.000Z' }, keys.publicKey)).toMatch(/signature is invalid/);
    });

    it('refuses a checkpoint signed by another key, whichever public key the file names', async () => {
      const other = generateKeyPairSync('ed25519');
      const forged = await createCheckpoint(db, other.privateKey, clock.now());
      expect(checkCheckpointSignature(forged, keys.publicKey)).toMatch(/different key/);
      expect(checkCheckpointSignature({ ...forged, publicKey: cp12.publicKey }, keys.publicKey)).toMatch(/signature is invalid/);
    });

    it('treats a checkpoint of the empty log as the genesis hash', async () => {
      expect(await verifyAudit(db, { checkpoint: { seq: 0, hash: GENESIS_HASH } })).toMatchObject({ ok: true });
      expect(await verifyAudit(db, { checkpoint: { seq: 0, hash: 'a'.repeat(64) } })).toMatchObject({ ok: false, firstBadSeq: 0 });
    });
  });
});

describe('the fast reader on ' + ENGINE, () => {
  it('gives the same canonical bytes as drizzle rows for awkward stored values', async () => {
    const database = await freshDatabase();
    try {
      const db = database.db;
      const texts = ['', 'tab\there', 'ctl\u0001\u001f\u007f', 'line\u2028sep\u2029', '🏥 astral', '"\\/', 'ｶﾀｶﾅ 全角　空白', '\ud7ff\ue000\uffff'];
      const details: unknown[] = [null, 'a string', '"123"', '{"a":1}', 12.5, 1e21, -0.000001, [3, 1, 2], true, { z: 1, a: { y: [null, { b: 2, a: 1 }], x: '' }, '10': 1, '9': 2, 'é': 3, 'e': 4, '🏥': 5, '\uffff': 6 }, texts];
      const ats = ['2026-04-01 09:00:00+00', '2026-04-01 09:00:00.1+00', '2026-04-01 09:00:00.123456+00', '2026-04-01 09:00:00.999999+00', '1999-12-31 23:59:59.5+00', '0001-06-15 12:00:00+00', '0999-06-15 12:00:00+00', '10000-01-01 00:00:00+00', '2026-04-01 18:00:00.5+09'];
      let prev = GENESIS_HASH;
      await asAttacker(db, async (tx) => {
        for (let i = 0; i < 40; i++) {
          const d = details[i % details.length];
          const row = {
            seq: i + 1,
            at: ats[i % ats.length] as string,
            actorPersonId: i % 2 ? randomUUID() : null,
            actorSessionId: texts[i % texts.length] as string,
            actorIp: i % 3 ? '2001:db8::1' : null,
            actorUserAgent: texts[(i + 3) % texts.length] as string,
            action: 'person.updated',
            targetType: texts[(i + 5) % texts.length] as string,
            targetId: null,
            scope: i % 4 ? null : JSON.stringify({ institutionId: 'b', a: texts[i % texts.length] }),
            details: d === null ? null : JSON.stringify(d),
          };
          await tx.execute(sql`insert into audit_log (seq, at, actor_person_id, actor_session_id, actor_ip, actor_user_agent, action, target_type, target_id, scope, details, prev_hash, hash)
            values (${row.seq}, ${row.at}::timestamptz, ${row.actorPersonId}, ${row.actorSessionId}, ${row.actorIp}, ${row.actorUserAgent}, ${row.action}, ${row.targetType}, ${row.targetId}, ${row.scope}::jsonb, ${row.details}::jsonb, ${prev}, 'x')`);
          prev = 'x';
        }
      });
      const viaDrizzle = (await allRows(db)).map((r) => canonicalEntry(r));
      const viaReader = (await entryReader(db).read('-1', 100)).map(canonicalRow);
      const viaTx = await db.transaction(async (tx) => (await entryReader(tx).read('-1', 100)).map(canonicalRow));
      expect(viaReader).toHaveLength(40);
      expect(viaReader).toEqual(viaDrizzle);
      expect(viaTx).toEqual(viaDrizzle);
    } finally {
      await database.close();
    }
  });
});

describe('appends', () => {
  it('numbers 50 concurrent appends 1..50 without gaps, in one valid chain', async () => {
    const database = await freshDatabase();
    try {
      const seqs = await Promise.all(
        Array.from({ length: 50 }, (_, i) => appendAuditAlone(database.db, clock, systemActor('concurrency'), { action: 'person.viewed', targetType: 'person', targetId: String(i), details: { i } })),
      );
      expect([...seqs].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      const rows = await allRows(database.db);
      expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(await verifyAudit(database.db)).toMatchObject({ ok: true, checked: 50, lastSeq: 50 });
    } finally {
      await database.close();
    }
  });

  it('leaves no entry when the transaction it was written in rolls back', async () => {
    const database = await freshDatabase();
    try {
      const db = database.db;
      await appendAuditAlone(db, clock, systemActor(), { action: 'person.viewed' });
      const failure = new Error('the change failed');
      await expect(
        db.transaction(async (tx) => {
          expect(await appendAudit(tx, clock, systemActor(), { action: 'person.created', details: { doomed: true } })).toBe(2);
          throw failure;
        }),
      ).rejects.toBe(failure);
      expect((await allRows(db)).map((r) => r.action)).toEqual(['person.viewed']);
      expect(await appendAuditAlone(db, clock, systemActor(), { action: 'person.viewed' })).toBe(2);
      expect(await verifyAudit(db)).toMatchObject({ ok: true, checked: 2 });
    } finally {
      await database.close();
    }
  });
});
