import { Readable } from 'node:stream';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { inspectArchive } from './zip-inspect.js';
import { bytesSource, eachEntry, rangeSource, streamSource, ZipArchive, ZipError, type ZipLimits } from './zip.js';

const small: ZipLimits = { maxEntries: 20, maxUnpacked: 8 * 1024 * 1024, maxRatio: 50, ratioFloor: 1024 * 1024 };

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (e) {
    if (e instanceof ZipError) return e.reason;
    throw e;
  }
}

async function readAll(zip: ZipArchive): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of zip.entries) {
    const parts: Uint8Array[] = [];
    for await (const d of zip.data(e)) parts.push(d);
    out[e.name] = Buffer.concat(parts).toString('utf8');
  }
  return out;
}

/** Offsets of every record with this signature. */
function offsetsOf(buf: Buffer, signature: number): number[] {
  const at: number[] = [];
  for (let i = 0; i + 4 <= buf.length; i++) if (buf.readUInt32LE(i) === signature) at.push(i);
  return at;
}

/**
 * Rewrites a small archive the way a ZIP64 writer stores it: the first entry's sizes and offset
 * in a ZIP64 extra field (0xFFFFFFFF in the directory), and a ZIP64 end record with its locator.
 */
function asZip64(zip: Uint8Array): Buffer {
  const buf = Buffer.from(zip);
  const cdStart = offsetsOf(buf, 0x02014b50)[0]!;
  const eocdAt = offsetsOf(buf, 0x06054b50).pop()!;
  const count = buf.readUInt16LE(eocdAt + 10);
  const first = Buffer.from(buf.subarray(cdStart, cdStart + 46 + buf.readUInt16LE(cdStart + 28) + buf.readUInt16LE(cdStart + 30) + buf.readUInt16LE(cdStart + 32)));
  const nameLen = first.readUInt16LE(28);
  const oldExtraLen = first.readUInt16LE(30);
  const extra = Buffer.alloc(4 + 24);
  extra.writeUInt16LE(0x0001, 0);
  extra.writeUInt16LE(24, 2);
  extra.writeBigUInt64LE(BigInt(first.readUInt32LE(24)), 4);
  extra.writeBigUInt64LE(BigInt(first.readUInt32LE(20)), 12);
  extra.writeBigUInt64LE(BigInt(first.readUInt32LE(42)), 20);
  first.writeUInt32LE(0xffffffff, 20);
  first.writeUInt32LE(0xffffffff, 24);
  first.writeUInt32LE(0xffffffff, 42);
  first.writeUInt16LE(oldExtraLen + extra.length, 30);
  const head = first.subarray(0, 46 + nameLen + oldExtraLen);
  const firstNew = Buffer.concat([head, extra, first.subarray(46 + nameLen + oldExtraLen)]);
  const cd = Buffer.concat([firstNew, buf.subarray(cdStart + first.length, eocdAt)]);
  const rec = Buffer.alloc(56);
  rec.writeUInt32LE(0x06064b50, 0);
  rec.writeBigUInt64LE(44n, 4);
  rec.writeUInt16LE(45, 12);
  rec.writeUInt16LE(45, 14);
  rec.writeBigUInt64LE(BigInt(count), 24);
  rec.writeBigUInt64LE(BigInt(count), 32);
  rec.writeBigUInt64LE(BigInt(cd.length), 40);
  rec.writeBigUInt64LE(BigInt(cdStart), 48);
  const loc = Buffer.alloc(20);
  loc.writeUInt32LE(0x07064b50, 0);
  loc.writeBigUInt64LE(BigInt(cdStart + cd.length), 8);
  loc.writeUInt32LE(1, 16);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(0xffff, 8);
  eocd.writeUInt16LE(0xffff, 10);
  eocd.writeUInt32LE(0xffffffff, 12);
  eocd.writeUInt32LE(0xffffffff, 16);
  return Buffer.concat([buf.subarray(0, cdStart), cd, rec, loc, eocd]);
}

/** Sets a flag bit on every directory entry (0x1: encrypted). */
function withFlag(zip: Uint8Array, bit: number): Buffer {
  const buf = Buffer.from(zip);
  for (const i of offsetsOf(buf, 0x02014b50)) buf.writeUInt16LE(buf.readUInt16LE(i + 8) | bit, i + 8);
  return buf;
}

describe('ZipArchive', () => {
  const plain = zipSync({ 'a.csv': Buffer.from('x,y\n1,2\n'), 'dir/b.txt': [Buffer.from('stored'), { level: 0 }], '氏名.txt': Buffer.from('山田') });

  it('lists the entries and streams their data, stored or deflated, from any kind of source', async () => {
    const expected = { 'a.csv': 'x,y\n1,2\n', 'dir/b.txt': 'stored', '氏名.txt': '山田' };
    expect(await readAll(await ZipArchive.open(bytesSource(plain)))).toEqual(expected);
    const buf = Buffer.from(plain);
    const fromRanges = rangeSource(buf.length, async (s) => Readable.from([buf.subarray(s, s + 7), buf.subarray(s + 7)].filter((b) => b.length)));
    expect(await readAll(await ZipArchive.open(fromRanges))).toEqual(expected);
    let counted = 0;
    const fromStream = await streamSource(async () => Readable.from([buf.subarray(0, 10), buf.subarray(10)]), { onBytes: (n) => (counted += n) });
    expect(await readAll(await ZipArchive.open(fromStream))).toEqual(expected);
    expect(counted).toBe(buf.length);
  });

  it('reads a ZIP64 archive (end record, locator and 64-bit sizes in the extra field)', async () => {
    const zip64 = asZip64(zipSync({ 'big.csv': Buffer.from('a,b\n'.repeat(1000)), 'small.txt': Buffer.from('s') }));
    const zip = await ZipArchive.open(bytesSource(zip64));
    expect(zip.entries.map((e) => [e.name, e.size])).toEqual([
      ['big.csv', 4000],
      ['small.txt', 1],
    ]);
    expect((await readAll(zip))['big.csv']).toBe('a,b\n'.repeat(1000));
  });

  it('refuses too many entries before reading them, and what is not a ZIP', async () => {
    const many: Zippable = {};
    for (let i = 0; i < 21; i++) many[`f${i}.txt`] = Buffer.from('x');
    expect(await reasonOf(ZipArchive.open(bytesSource(zipSync(many)), small))).toBe('too_many_entries');
    expect(await reasonOf(ZipArchive.open(bytesSource(Buffer.from('PK\x03\x04 and nothing else', 'latin1'))))).toBe('not_a_zip');
    expect(await reasonOf(ZipArchive.open(bytesSource(new Uint8Array(0))))).toBe('not_a_zip');
  });

  it('stops mid-stream when the real output passes the limits, whatever the headers declare', async () => {
    const lying = Buffer.from(zipSync({ 'z.bin': new Uint8Array(12 * 1024 * 1024) }));
    for (const i of offsetsOf(lying, 0x02014b50)) lying.writeUInt32LE(10, i + 24); // "10 bytes"
    const zip = await ZipArchive.open(bytesSource(lying), small);
    let seen = 0;
    const reason = await reasonOf(
      (async () => {
        for await (const d of zip.data(zip.entries[0]!)) seen += d.length;
      })(),
    );
    expect(reason).toBe('compression_ratio');
    expect(seen).toBeGreaterThanOrEqual(small.ratioFloor);
    expect(seen).toBeLessThan(12 * 1024 * 1024);
    const capped = await ZipArchive.open(bytesSource(zipSync({ 'e.bin': new Uint8Array(300_000) })), { ...small, maxEntrySize: 100_000 });
    expect(await reasonOf(readAll(capped))).toBe('entry_too_large');
    // an honest ratio but a lie about the size is still refused at the end
    const short = Buffer.from(zipSync({ 'a.txt': Buffer.from('hello world') }));
    for (const i of offsetsOf(short, 0x02014b50)) short.writeUInt32LE(5, i + 24);
    expect(await reasonOf(readAll(await ZipArchive.open(bytesSource(short))))).toBe('inconsistent_headers');
  });

  it('refuses to read encrypted entries', async () => {
    const zip = await ZipArchive.open(bytesSource(withFlag(zipSync({ 'a.txt': Buffer.from('secret') }), 1)));
    expect(await reasonOf(readAll(zip))).toBe('encrypted_entry');
  });

  it('hands wanted entries to handlers in archive order, skipping the rest', async () => {
    const got: string[] = [];
    await eachEntry(await ZipArchive.open(bytesSource(plain)), (e) => (e.name.endsWith('.txt') ? (d, final) => got.push(`${e.name}:${Buffer.from(d).toString()}:${final}`) : null));
    expect(got.filter((g) => !g.endsWith('::true'))).toEqual(['dir/b.txt:stored:false', '氏名.txt:山田:false']);
  });
});

describe('inspectArchive', () => {
  const inner = zipSync({ 'a.txt': Buffer.from('a') });

  it('counts the real unpacked size of every entry', async () => {
    expect(await inspectArchive(bytesSource(zipSync({ 'a.csv': Buffer.from('x,y\n'), 'b.txt': [Buffer.from('stored'), { level: 0 }] })))).toEqual({ entries: 2, unpacked: 10 });
  });

  it('refuses unsafe names: parent folders, absolute paths, backslash paths, NUL', async () => {
    for (const name of ['../evil.txt', 'a/../../evil.txt', '/etc/passwd', 'C:/x.txt', '\\server\\x.txt', 'a\\..\\..\\x.txt', 'a\0.txt']) {
      expect(await reasonOf(inspectArchive(bytesSource(zipSync({ [name]: Buffer.from('a') }))))).toBe('unsafe_entry_name');
    }
  });

  it('refuses encrypted entries and ratio bombs with lying headers', async () => {
    expect(await reasonOf(inspectArchive(bytesSource(withFlag(zipSync({ 'a.txt': Buffer.from('secret') }), 1))))).toBe('encrypted_entry');
    const lying = Buffer.from(zipSync({ 'z.bin': new Uint8Array(12 * 1024 * 1024) }));
    for (const i of offsetsOf(lying, 0x02014b50)) lying.writeUInt32LE(10, i + 24);
    expect(await reasonOf(inspectArchive(bytesSource(lying), small))).toMatch(/^(too_large_unpacked|compression_ratio)$/);
  });

  it('refuses archives nested deeper than the limit, and inspects those within it', async () => {
    const once = zipSync({ 'inner.zip': inner });
    const twice = zipSync({ 'outer.zip': once });
    expect(await reasonOf(inspectArchive(bytesSource(once), small))).toBe('nested_archive');
    expect(await inspectArchive(bytesSource(once), { ...small, maxDepth: 1 })).toEqual({ entries: 1, unpacked: inner.length + 1 });
    expect(await reasonOf(inspectArchive(bytesSource(twice), { ...small, maxDepth: 1 }))).toBe('nested_archive');
    expect(await reasonOf(inspectArchive(bytesSource(zipSync({ 'inner.zip': zipSync({ '../x': Buffer.from('a') }) })), { ...small, maxDepth: 1 }))).toBe('unsafe_entry_name');
    // other archive formats cannot be looked into, so they are refused at any depth
    expect(await reasonOf(inspectArchive(bytesSource(zipSync({ 'data.7z': Buffer.from('7z') })), { ...small, maxDepth: 3 }))).toBe('nested_archive');
  });
});
