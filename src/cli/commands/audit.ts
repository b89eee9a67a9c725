import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { appendAudit, verifyAudit, type VerifyResult } from '../../server/audit/audit.service.js';
import { GENESIS_HASH } from '../../server/audit/chain.js';
import { checkCheckpointSignature, CheckpointFile, createCheckpoint } from '../../server/audit/checkpoint.js';
import { systemActor } from '../../server/authz/actor.js';
import { systemClock } from '../../server/clock.js';
import type { Config } from '../../server/config.js';
import { queryRows, type Database } from '../../server/db/client.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { latestWitnessFile } from '../../server/audit/witness.js';
import { loadSecrets } from '../../server/secrets.js';
import { cliConfig } from '../run.js';

/** A command-line failure: its message is printed and the process exits with `code`, after cleanup. */
export class CliError extends Error {
  constructor(
    message: string,
    public readonly code = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Runs a command body, turning a CliError into its message on stderr and its exit code. */
export async function runCommand(body: () => Promise<number | void>): Promise<void> {
  try {
    process.exitCode = (await body()) ?? 0;
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    console.error(e.message);
    process.exitCode = e.code;
  }
}

/** Opens the configured database, runs `fn`, and always closes it (PGlite must be closed to release its directory). */
export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config);
  try {
    return await fn(database);
  } catch (e) {
    // The usual cause of "relation does not exist" here is a database that was never migrated.
    if ((e as { cause?: { code?: string } }).cause?.code === '42P01' || (e as { code?: string }).code === '42P01') {
      throw new CliError('The database has no Mamori tables yet. Run `mamori migrate` (or start the server once) first.');
    }
    throw e;
  } finally {
    await database.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/**
 * A progress line on stderr: rewritten in place on a terminal (at most ~10 times a second),
 * otherwise one line per 10 % so logs stay short.
 */
export function progressLine(label: string, total: number, stream: NodeJS.WriteStream = process.stderr) {
  const started = performance.now();
  const tty = stream.isTTY === true;
  let lastDraw = 0;
  let lastDecile = -1;
  const text = (done: number) => {
    const secs = (performance.now() - started) / 1000;
    const rate = secs > 0 ? Math.round(done / secs) : 0;
    const pct = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 100;
    return `${label}: ${fmt(done)} / ${fmt(total)} entries (${pct} %), ${fmt(rate)} entries/s`;
  };
  return {
    update(done: number) {
      const now = performance.now();
      if (tty) {
        if (now - lastDraw < 100) return;
        lastDraw = now;
        stream.write(`\r\x1b[2K${text(done)}`);
        return;
      }
      const decile = total > 0 ? Math.floor((done / total) * 10) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        stream.write(`${text(done)}\n`);
      }
    },
    done(done: number) {
      const secs = (performance.now() - started) / 1000;
      if (tty) stream.write('\r\x1b[2K');
      else if (lastDecile < 10) stream.write(`${text(done)}\n`);
      return secs;
    },
  };
}

/** Reads and checks a checkpoint file against this installation's audit key; throws CliError when it is not genuine. */
function readCheckpoint(config: Config, file: string): CheckpointFile {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(`Checkpoint file not found: ${path}`);
  let parsed: CheckpointFile;
  try {
    parsed = CheckpointFile.parse(JSON.parse(readFileSync(path, 'utf8')));
  } catch {
    throw new CliError(`REFUSED: ${path} is not a Mamori audit checkpoint file.`);
  }
  // The installation's own key, never the one the file carries; and do not create a key that is missing.
  if (!existsSync(join(config.dataDir, 'secrets', 'audit-ed25519.pem'))) {
    throw new CliError(`No audit signing key in ${resolve(config.dataDir, 'secrets')}: is DATA_DIR set to this installation's data directory?`);
  }
  const why = checkCheckpointSignature(parsed, loadSecrets(config).auditPublicKey);
  if (why) throw new CliError(`REFUSED: ${path}: ${why}.`);
  return parsed;
}

/** Verifies the whole chain with a progress line; returns the result, the newest entry's number and the rate. */
async function verifyWithProgress(database: Database, checkpoint?: CheckpointFile): Promise<VerifyResult & { seconds: number; headSeq: number }> {
  const [row] = await queryRows<{ n: string | number | null }>(database.db, sql`select max(seq) as n from audit_log`);
  const headSeq = Number(row?.n ?? 0);
  const progress = progressLine('Verifying the audit chain', headSeq);
  const result = await verifyAudit(database.db, { checkpoint, onProgress: (n) => progress.update(n) });
  return { ...result, headSeq, seconds: progress.done(result.checked) };
}

/** What a failure against a checkpoint means, in words an operator acts on. */
function checkpointVerdict(r: VerifyResult & { headSeq: number }, cp: CheckpointFile): string | null {
  if (r.headSeq < cp.seq) return `TRUNCATED: the log ends at entry ${r.headSeq} but the checkpoint covers entry ${cp.seq}: the newest entries (${r.headSeq + 1}–${cp.seq}) were removed.`;
  if (r.firstBadSeq === cp.seq && r.reason?.endsWith('differs from the signed checkpoint')) {
    return `REWRITTEN: entry ${cp.seq} no longer has the hash the checkpoint signed: the log was rewritten and re-hashed after the checkpoint was taken.`;
  }
  return null;
}

export function registerAudit(program: Command): void {
  const audit = program
    .command('audit')
    .description('check the hash-chained audit log and take signed checkpoints of it')
    .addHelpText(
      'after',
      '\nEvery audit entry carries the SHA-256 of its contents and of the entry before it, so editing,\n' +
        'deleting, reordering or inserting entries breaks the chain. Removing the newest entries, or\n' +
        'rewriting everything after some point, is caught only against a checkpoint taken earlier.\n' +
        'The server signs one every AUDIT_CHECKPOINT_MINUTES (when the log grew) and at shutdown, writes it\n' +
        'to AUDIT_WITNESS_DIR and emails it to the information security manager(s); `verify` checks\n' +
        'against the newest file there. `mamori audit checkpoint` exports one by hand.',
    );

  audit
    .command('verify')
    .description(
      'recompute the chain from the first entry and check it against the newest checkpoint witnessed in AUDIT_WITNESS_DIR (or --checkpoint); exit 0 when intact, 1 naming the first bad entry, a truncated tail or a rewritten chain',
    )
    .option('--checkpoint <file>', 'check against this checkpoint file (from `mamori audit checkpoint`, a witness file or the manager’s email) instead of the newest witnessed one; it must be signed by this installation’s key')
    .action(async (opts: { checkpoint?: string }) =>
      runCommand(async () => {
        const config = cliConfig();
        // By default the newest checkpoint the server witnessed outside the database.
        const file = opts.checkpoint ?? latestWitnessFile(config) ?? undefined;
        const checkpoint = file ? readCheckpoint(config, file) : undefined;
        if (!file) console.error(`No witnessed checkpoint in ${resolve(config.auditWitnessDir)}: only the chain itself is checked (removal of the newest entries cannot be seen).`);
        return withDatabase(config, async (database) => {
          const r = await verifyWithProgress(database, checkpoint);
          if (!r.ok) {
            console.log(`BROKEN at entry ${r.firstBadSeq}: ${r.reason}`);
            const verdict = checkpoint ? checkpointVerdict(r, checkpoint) : null;
            if (verdict) console.log(verdict);
            if (checkpoint) console.log(`Checked against the signed checkpoint of entry ${checkpoint.seq} (${checkpoint.createdAt}) in ${resolve(file as string)}.`);
            return 1;
          }
          console.log(`OK: ${r.checked} entries verified, last seq ${r.lastSeq ?? 0}, hash ${r.lastHash ?? GENESIS_HASH}`);
          if (r.seconds >= 1) console.error(`(${r.seconds.toFixed(1)} s, ${fmt(Math.round(r.checked / r.seconds))} entries/s)`);
          if (checkpoint) console.log(`Matches the signed checkpoint of entry ${checkpoint.seq} (${checkpoint.createdAt}) in ${resolve(file as string)}.`);
          return 0;
        });
      }),
    );

  audit
    .command('checkpoint')
    .description('verify the chain, then sign its newest entry with this installation’s audit key and write the checkpoint to a file (mode 0600)')
    .option('--out <file>', 'where to write the checkpoint (default ./mamori-audit-checkpoint-<seq>.json); an existing file is never overwritten')
    .action(async (opts: { out?: string }) =>
      runCommand(async () => {
        const config = cliConfig();
        const secrets = loadSecrets(config);
        if (opts.out && existsSync(resolve(opts.out))) throw new CliError(`${resolve(opts.out)} already exists; choose another --out.`);
        return withDatabase(config, async (database) => {
          // Signing a tampered chain would vouch for it: verify first.
          const r = await verifyWithProgress(database);
          if (!r.ok) throw new CliError(`BROKEN at entry ${r.firstBadSeq}: ${r.reason}\nNo checkpoint was written: a checkpoint must not vouch for a broken chain.`);
          const file: { path?: string } = {};
          try {
            const cp = await database.db.transaction(async (tx) => {
              const seq = await appendAudit(tx, systemClock, systemActor('cli'), { action: 'audit.checkpoint_created', details: { verifiedEntries: r.checked } });
              const cp = await createCheckpoint(tx, secrets.auditSigningKey, systemClock.now());
              if (cp.seq !== seq) throw new Error(`checkpoint covers entry ${cp.seq}, expected ${seq}`);
              // Written before the entry commits, so a file that cannot be written leaves no entry behind.
              const path = resolve(opts.out ?? `mamori-audit-checkpoint-${cp.seq}.json`);
              writeFileSync(path, JSON.stringify(cp, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
              file.path = path;
              return cp;
            });
            console.log(`Checkpoint of entry ${cp.seq} (hash ${cp.hash}) written to ${file.path}`);
            console.log('Keep it where the database’s administrators cannot change it; check against it with `mamori audit verify --checkpoint <file>`.');
          } catch (e) {
            // The entry did not commit: a file already written would name a checkpoint that never was.
            if (file.path) rmSync(file.path, { force: true });
            if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new CliError(`${(e as NodeJS.ErrnoException).path ?? 'The checkpoint file'} already exists; choose another --out.`);
            throw e;
          }
        });
      }),
    );
}
