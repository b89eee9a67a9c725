import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { chainHash, GENESIS_HASH } from '../../server/audit/chain.js';
import * as schema from '../../server/db/schema/index.js';
import { ENGINE } from '../../server/testing/harness.js';
import { runMamori as mamori } from '../testing.js';

// These run the real CLI in child processes on PGlite in a temp DATA_DIR, whatever the test
// project's engine, so they run in the pglite project only. Each CLI start costs seconds: few steps.
const STEP = 90_000;

describe.skipIf(ENGINE === 'postgres')('mamori admin and mamori audit (CLI, PGlite)', () => {
  let dir: string;
  let checkpointFile: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates, and refuses an administrator whose password is too short', { timeout: STEP }, async () => {
    expect(await mamori(dir, ['migrate'])).toMatchObject({ code: 0, stdout: expect.stringContaining('Migrations applied (pglite)') });
    const short = await mamori(dir, ['admin', 'create', '--email', 'kanri@example.jp', '--family-name-ja', '管理', '--family-name-en', 'Kanri', '--password-stdin'], 'too short\n');
    expect(short.code).toBe(1);
    expect(short.stderr).toMatch(/at least 12 characters\. Nothing was created\./);
  });

  it('creates an administrator from --password-stdin, then a signed checkpoint', { timeout: STEP }, async () => {
    const created = await mamori(
      dir,
      ['admin', 'create', '--email', 'Kanri@Example.jp', '--family-name-ja', '管理', '--given-name-ja', '花子', '--family-name-en', 'Kanri', '--given-name-en', 'Hanako', '--password-stdin'],
      'correct horse battery staple\n',
    );
    expect(created.stderr).toBe('');
    expect(created).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Created 管理 花子 \/ Hanako Kanri <kanri@example\.jp> as security_manager/) });

    const cp = await mamori(dir, ['audit', 'checkpoint']);
    expect(cp).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Checkpoint of entry 5 \(hash [0-9a-f]{64}\) written to /) });
    const files = readdirSync(dir).filter((f) => f.startsWith('mamori-audit-checkpoint-'));
    expect(files).toEqual(['mamori-audit-checkpoint-5.json']);
    checkpointFile = join(dir, files[0] as string);
    expect(statSync(checkpointFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(checkpointFile, 'utf8'))).toMatchObject({ format: 'mamori-audit-checkpoint/1', seq: 5 });
  });

  it('verifies the log against the checkpoint, and refuses a forged checkpoint', { timeout: STEP }, async () => {
    const ok = await mamori(dir, ['audit', 'verify', '--checkpoint', checkpointFile]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 5 entries verified, last seq 5, hash [0-9a-f]{64}\nMatches the signed checkpoint of entry 5/);
    expect(ok.stderr).toMatch(/Verifying the audit chain: 5 \/ 5 entries \(100 %\)/);

    const forged = join(dir, 'forged.json');
    writeFileSync(forged, readFileSync(checkpointFile, 'utf8').replace('"seq": 5', '"seq": 4'));
    const refused = await mamori(dir, ['audit', 'verify', '--checkpoint', forged]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/REFUSED: .*forged\.json: the checkpoint’s signature is invalid/);
  });

  it('names the first bad entry after the database is edited behind the triggers', { timeout: STEP }, async () => {
    // What an attacker with the data directory could do once the CLI has exited.
    const pglite = new PGlite(join(dir, 'pglite'));
    try {
      await pglite.exec(`set session_replication_role = replica;
        update audit_log set details = jsonb_set(details, '{role}', '"system_admin"') where action = 'role.granted';`);
      const [row] = (await pglite.query<{ seq: number }>(`select seq from audit_log where action = 'role.granted'`)).rows;
      expect(row?.seq).toBe(2);
    } finally {
      await pglite.close();
    }
    const broken = await mamori(dir, ['audit', 'verify']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toBe('BROKEN at entry 2: entry 2 was altered (its hash does not match its contents)\n');
  });
});

describe.skipIf(ENGINE === 'postgres')('mamori audit verify against the witnessed checkpoint (CLI, PGlite)', () => {
  let dir: string;
  let witnessDir: string;
  let witnessed: number;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mamori-cli-witness-'));
    witnessDir = join(dir, 'audit-witness');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Edits the log as an attacker with the data directory would, with the append-only triggers bypassed. */
  async function tamper(fn: (pglite: PGlite) => Promise<unknown>) {
    const pglite = new PGlite(join(dir, 'pglite'));
    try {
      await pglite.exec('set session_replication_role = replica');
      await fn(pglite);
    } finally {
      await pglite.close();
    }
  }

  it('the scheduled job witnesses a checkpoint that `audit verify` then checks by default', { timeout: STEP }, async () => {
    expect((await mamori(dir, ['migrate'])).code).toBe(0);
    const created = await mamori(dir, ['admin', 'create', '--email', 'kanri@example.jp', '--family-name-ja', '管理', '--family-name-en', 'Kanri', '--password-stdin'], 'correct horse battery staple\n');
    expect(created.code).toBe(0);
    const ran = await mamori(dir, ['jobs', 'run']);
    expect(ran.stdout).toMatch(/audit\.witness_checkpoint\s+ran \{"signed":true,"seq":5,/);
    expect(readdirSync(witnessDir)).toEqual(['checkpoint-000000000005.json']);
    witnessed = 5;

    const ok = await mamori(dir, ['audit', 'verify']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 5 entries verified, last seq 5, hash [0-9a-f]{64}\nMatches the signed checkpoint of entry 5 \(.+\) in .*audit-witness\/checkpoint-000000000005\.json\.\n$/);
  });

  it('names a truncated tail', { timeout: STEP }, async () => {
    await tamper((p) => p.exec(`create table saved as select * from audit_log where seq > 2; delete from audit_log where seq > 2;`));
    const r = await mamori(dir, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at entry 3: entries 3–5 are missing/);
    expect(r.stdout).toMatch(/\nTRUNCATED: the log ends at entry 2 but the checkpoint covers entry 5: the newest entries \(3–5\) were removed\.\n/);
    expect(r.stdout).toMatch(/Checked against the signed checkpoint of entry 5 .* in .*checkpoint-000000000005\.json\./);
    await tamper((p) => p.exec(`insert into audit_log select * from saved; drop table saved;`));
    expect((await mamori(dir, ['audit', 'verify'])).code).toBe(0);
  });

  it('names a chain rewritten consistently after the checkpoint was witnessed', { timeout: STEP }, async () => {
    await tamper(async (p) => {
      const rows = (await p.query<{ seq: number }>('select seq from audit_log order by seq')).rows;
      const db = drizzle({ client: p, schema });
      const all = await db.select().from(schema.auditLog).orderBy(schema.auditLog.seq);
      let prev = GENESIS_HASH;
      for (const r of all) {
        const e = r.seq === 2 ? { ...r, details: { role: 'system_admin' } } : r;
        const hash = chainHash(prev, e);
        await db.update(schema.auditLog).set({ ...e, prevHash: prev, hash }).where(eq(schema.auditLog.seq, r.seq));
        prev = hash;
      }
      expect(rows).toHaveLength(witnessed);
    });
    const r = await mamori(dir, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^BROKEN at entry 5: entry 5 differs from the signed checkpoint\nREWRITTEN: entry 5 no longer has the hash the checkpoint signed/);
  });

  it('refuses a forged checkpoint in the witness directory', { timeout: STEP }, async () => {
    const genuine = readFileSync(join(witnessDir, 'checkpoint-000000000005.json'), 'utf8');
    writeFileSync(join(witnessDir, 'checkpoint-000000000009.json'), genuine.replace('"seq": 5', '"seq": 9'));
    const r = await mamori(dir, ['audit', 'verify']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/REFUSED: .*checkpoint-000000000009\.json: the checkpoint’s signature is invalid/);
  });
});
