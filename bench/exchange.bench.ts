/**
 * The exchange vault's speed (issue 7): a file streamed into the vault (SHA-256 + AES-256-GCM
 * chunks + durable segments + database commits, through the real UploadService) and streamed back
 * out (per-chunk authentication + decryption + whole-file SHA-256, through Vault.openPlaintext),
 * against a dd-like raw disk write (same 1 MiB writes, fsync at the end) and raw AES-256-GCM of
 * the same bytes in memory, all in this process. Also the peak RSS growth of each vault phase,
 * which must not depend on the file size. Prints figures and ratios; never asserts.
 *
 *   npm run bench -- exchange                  (or: npx tsx bench/exchange.bench.ts)
 *   BENCH_EXCHANGE_4G=0                        skip the 4 GiB file (1 GiB only)
 *   BENCH_EXCHANGE_SIZES=1,4                   file sizes in GiB (default 1,4)
 *   BENCH_EXCHANGE_DIR=/path                   where the files go (default: a temp folder)
 *
 * Goals: vault upload ≥ 80 % of the raw disk write; peak RSS growth ≤ 64 MiB whatever the size.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { open, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildApp } from '../src/server/app.js';
import { systemActor, type Actor } from '../src/server/authz/actor.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { CreatePerson } from '../src/shared/org.js';
import { PeopleService } from '../src/server/modules/org/people.service.js';
import { UploadService } from '../src/server/modules/exchange/vault/upload.js';
import { Vault } from '../src/server/modules/exchange/vault/vault.js';
import { loadSecrets } from '../src/server/secrets.js';
import { collectGarbage, formatBytes, heading, memory, note, printTable, table, type Figure } from './lib/report.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const CHUNK = MiB;
const SIZES = (process.env.BENCH_EXCHANGE_SIZES ?? (process.env.BENCH_EXCHANGE_4G === '0' ? '1' : '1,4')).split(',').map((s) => Number(s) * GiB);
const GOAL = { share: 0.8, rss: 64 * MiB };

/** RSS sampled every 10 ms while a phase runs: its peak growth over the start. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; rssGrowth: number }> {
  await collectGarbage();
  const base = memory().rss;
  let peak = base;
  const timer = setInterval(() => {
    const r = process.memoryUsage.rss();
    if (r > peak) peak = r;
  }, 10);
  const t0 = performance.now();
  try {
    const result = await fn();
    const ms = performance.now() - t0;
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, ms, rssGrowth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

const mbps = (bytes: number, ms: number) => bytes / MiB / (ms / 1000);

/** A CSV-looking 1 MiB block (the content check wants text for .csv), repeated to any length. */
function csvBlock(): Buffer {
  const lines: string[] = ['registration_no,arm,visit,value'];
  let n = 0;
  let length = 0;
  while (length < CHUNK + 200) {
    const line = `J-${String(++n).padStart(6, '0')},${n % 2 ? 'A' : 'B'},${n % 12},${(n * 37) % 1000}`;
    lines.push(line);
    length += line.length + 1;
  }
  return Buffer.from(lines.join('\n')).subarray(0, CHUNK);
}

/** `size` bytes as an HTTP body would arrive: 64 KiB pieces, generated on the fly (never held whole). */
function body(size: number, block: Buffer): Readable {
  let sent = 0;
  const piece = 64 * 1024;
  return new Readable({
    highWaterMark: piece,
    read() {
      if (sent >= size) return void this.push(null);
      const at = sent % block.length;
      const n = Math.min(piece, size - sent, block.length - at);
      sent += n;
      this.push(block.subarray(at, at + n));
    },
  });
}

async function rawWrite(path: string, size: number, block: Buffer): Promise<void> {
  const fh = await open(path, 'w', 0o600);
  try {
    for (let done = 0; done < size; done += CHUNK) await fh.write(block, 0, Math.min(CHUNK, size - done));
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function rawRead(path: string): Promise<number> {
  const fh = await open(path, 'r');
  const buf = Buffer.allocUnsafe(CHUNK);
  let total = 0;
  try {
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) return total;
      total += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

function rawAesGcm(size: number, block: Buffer): void {
  const key = randomBytes(32);
  for (let i = 0, done = 0; done < size; i++, done += CHUNK) {
    const iv = Buffer.alloc(12);
    iv.writeUInt32BE(i, 8);
    const c = createCipheriv('aes-256-gcm', key, iv);
    c.update(block.subarray(0, Math.min(CHUNK, size - done)));
    c.final();
    c.getAuthTag();
  }
}

function rawSha256(size: number, block: Buffer): void {
  const h = createHash('sha256');
  for (let done = 0; done < size; done += CHUNK) h.update(block.subarray(0, Math.min(CHUNK, size - done)));
  h.digest();
}

async function main() {
  const dir = process.env.BENCH_EXCHANGE_DIR ?? mkdtempSync(join(tmpdir(), 'mamori-bench-exchange-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', EXCHANGE_MAX_BYTES: String(Math.max(...SIZES)), EXCHANGE_CHUNK_BYTES: String(CHUNK) });
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await database.migrate();
  const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
  const person = await new PeopleService(ctx).create(
    systemActor('bench'),
    CreatePerson.parse({ familyNameJa: '計測', givenNameJa: '太郎', familyNameKana: 'ケイソク', givenNameKana: 'タロウ', familyNameEn: 'Keisoku', givenNameEn: 'Taro', email: 'bench.exchange@example.jp' }),
  );
  const actor: Actor = { kind: 'person', personId: person.id, sessionId: null, ip: '127.0.0.1', userAgent: 'bench', roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] };
  const uploads = new UploadService(ctx);
  const vault = new Vault(ctx);
  const block = csvBlock();
  const fs = await statfs(dir);

  heading('Exchange vault: streaming upload and download');
  note(`Files in ${dir} (${formatBytes(fs.bavail * fs.bsize)} free); chunks of ${formatBytes(CHUNK)}, segments of ${formatBytes(config.exchange.segmentBytes)}; PGlite in memory for the metadata.`);
  note(`Node ${process.version}, ${(await import('node:os')).cpus().length} CPU(s), load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}.`);

  const memoryRows: Record<string, string>[] = [];
  try {
    for (const size of SIZES) {
      if (fs.bavail * fs.bsize < 2.2 * size) {
        note(`\nSkipping ${formatBytes(size)}: not enough free space.`);
        continue;
      }
      const label = formatBytes(size);
      const rawPath = join(dir, 'raw.bin');
      const w = await measured(() => rawWrite(rawPath, size, block));
      const r = await measured(() => rawRead(rawPath));
      rmSync(rawPath);
      const aes = await measured(async () => rawAesGcm(size, block));
      const sha = await measured(async () => rawSha256(size, block));

      const up = await measured(async () => {
        const u = await uploads.create(actor, { fileName: `bench-${size}.csv`, size });
        return uploads.append(actor, u.id, 0, body(size, block), size);
      });
      if (up.result.offset !== size || !up.result.file) throw new Error(`upload ended at ${up.result.offset}`);
      const id = up.result.id;
      const down = await measured(async () => {
        let n = 0;
        for await (const b of (await vault.openPlaintext(id)) as AsyncIterable<Buffer>) n += b.length;
        return n;
      });
      if (down.result !== size) throw new Error(`download gave ${down.result} bytes`);
      await vault.erase(id);

      const write = mbps(size, w.ms);
      const rows: Figure[] = [
        { name: 'raw disk write (dd-like, 1 MiB writes, fsync)', value: write, unit: 'MB/s', baseline: true },
        { name: 'raw disk read (same file, page cache)', value: mbps(size, r.ms), unit: 'MB/s' },
        { name: 'raw AES-256-GCM (1 MiB chunks, memory)', value: mbps(size, aes.ms), unit: 'MB/s' },
        { name: 'raw SHA-256 (memory)', value: mbps(size, sha.ms), unit: 'MB/s' },
        { name: 'vault upload: hash + encrypt + store + commit', value: mbps(size, up.ms), unit: 'MB/s' },
        { name: 'vault download: read + authenticate + decrypt + verify', value: mbps(size, down.ms), unit: 'MB/s' },
      ];
      printTable(`${label} file (MB = MiB)`, rows);
      const upShare = mbps(size, up.ms) / write;
      note(`upload ${(upShare * 100).toFixed(0)} % of the raw disk write (goal ≥ ${GOAL.share * 100} %: ${upShare >= GOAL.share ? 'met' : 'NOT met'}); download ${((mbps(size, down.ms) / write) * 100).toFixed(0)} %.`);
      memoryRows.push(
        { file: label, phase: 'vault upload', 'peak RSS growth': formatBytes(up.rssGrowth), goal: up.rssGrowth <= GOAL.rss ? 'met' : 'NOT met' },
        { file: label, phase: 'vault download', 'peak RSS growth': formatBytes(down.rssGrowth), goal: down.rssGrowth <= GOAL.rss ? 'met' : 'NOT met' },
        { file: label, phase: 'raw disk write', 'peak RSS growth': formatBytes(w.rssGrowth), goal: '—' },
      );
    }
    heading(`Peak RSS growth per phase (goal ≤ ${formatBytes(GOAL.rss)} whatever the size)`);
    table(memoryRows);
  } finally {
    await app.close();
    await database.close();
    if (!process.env.BENCH_EXCHANGE_DIR) rmSync(dir, { recursive: true, force: true });
  }
}

// Memory figures want a garbage collection before each phase. Turning --expose-gc on at run time
// (what collectGarbage falls back to) makes this process's crypto and streams several times slower,
// so run again with the flag from the start instead.
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], { stdio: 'inherit', env: process.env });
  process.exit(r.status ?? 1);
}
await main();
