import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { promisify } from 'node:util';

const scrypt = promisify(scryptCb) as (password: string, salt: Buffer, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/**
 * Backup encryption. Each part of a backup is cut into chunks of up to CHUNK_BYTES, each sealed
 * with AES-256-GCM under the part's own key; the chunk's index and whether it is the last are
 * bound into its authenticated data, so chunks cannot be reordered, dropped or the part cut short
 * without the restore noticing. A restore reads a part as a stream and fails at the first chunk
 * that does not authenticate.
 */
export const CHUNK_BYTES = 1024 * 1024;
const MAGIC = Buffer.from('MBK1');
const TAG = 16;

/** The key a backup is sealed with, from BACKUP_KEY (32 bytes, base64 or hex) or a passphrase. */
export interface BackupKey {
  /** 32 bytes. */
  key: Buffer;
  /** How it was made, recorded in the manifest so a restore can make it again. */
  kdf: { kind: 'raw' } | { kind: 'scrypt'; salt: string; N: number; r: number; p: number };
  /** A short fingerprint (not the key), to tell which key a backup needs. */
  id: string;
}

const SCRYPT = { N: 2 ** 15, r: 8, p: 1 };

const fingerprint = (key: Buffer) => createHash('sha256').update('mamori-backup-key-id').update(key).digest('hex').slice(0, 16);

/** Parses a raw key: 32 bytes as base64 or hex. */
export function rawBackupKey(text: string): BackupKey {
  const t = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error('BACKUP_KEY must be 32 bytes, written as base64 (44 characters) or hex (64 characters)');
  return { key, kdf: { kind: 'raw' }, id: fingerprint(key) };
}

/** Derives a key from a passphrase with scrypt; a new salt unless one is given (a restore gives the manifest's). */
export async function passphraseBackupKey(passphrase: string, salt?: string): Promise<BackupKey> {
  if (passphrase.length < 16) throw new Error('BACKUP_PASSPHRASE must be at least 16 characters');
  const s = salt ? Buffer.from(salt, 'base64') : randomBytes(16);
  const key = await scrypt(passphrase, s, 32, { ...SCRYPT, maxmem: 64 * 1024 * 1024 });
  return { key, kdf: { kind: 'scrypt', salt: s.toString('base64'), ...SCRYPT }, id: fingerprint(key) };
}

/** A sub-key for one purpose (a part, or the manifest's MAC), so no key seals two different things. */
function subKey(key: Buffer, purpose: string): Buffer {
  return createHmac('sha256', key).update(`mamori-backup/1 ${purpose}`).digest();
}

/** The MAC of a manifest's canonical text. */
export function manifestMac(key: Buffer, text: string): string {
  return createHmac('sha256', subKey(key, 'manifest')).update(text).digest('hex');
}

export function macMatches(key: Buffer, text: string, mac: string): boolean {
  const want = Buffer.from(manifestMac(key, text), 'hex');
  const got = Buffer.from(mac, 'hex');
  return got.length === want.length && timingSafeEqual(got, want);
}

const nonceFor = (index: number) => {
  const n = Buffer.alloc(12);
  n.writeUInt32BE(Math.floor(index / 2 ** 32), 4);
  n.writeUInt32BE(index >>> 0, 8);
  return n;
};
const aadFor = (part: string, index: number, last: boolean) => Buffer.from(`${part}\u0000${index}\u0000${last ? 1 : 0}`);

/** Seals a part. Output: "MBK1", then per chunk: 4-byte length of the ciphertext, ciphertext, 16-byte tag. */
export function encryptStream(key: Buffer, part: string): Transform {
  const k = subKey(key, `part ${part}`);
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  let started = false;
  const seal = (t: Transform, plain: Buffer, last: boolean) => {
    const c = createCipheriv('aes-256-gcm', k, nonceFor(index));
    c.setAAD(aadFor(part, index, last));
    const body = Buffer.concat([c.update(plain), c.final()]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(body.length);
    t.push(Buffer.concat([len, body, c.getAuthTag()]));
    index++;
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      if (!started) {
        this.push(MAGIC);
        started = true;
      }
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      // Keep at least one byte back: the last chunk is sealed (as last) in flush.
      while (pending.length > CHUNK_BYTES) {
        seal(this, pending.subarray(0, CHUNK_BYTES), false);
        pending = pending.subarray(CHUNK_BYTES);
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (!started) this.push(MAGIC);
      seal(this, pending, true);
      cb();
    },
  });
}

export class BackupIntegrityError extends Error {}

/** Opens a sealed part; fails (BackupIntegrityError) on a wrong key, a changed, reordered, missing or extra chunk. */
export function decryptStream(key: Buffer, part: string): Transform {
  const k = subKey(key, `part ${part}`);
  let buf: Buffer = Buffer.alloc(0);
  let index = 0;
  let magic = false;
  let done = false;
  const open = (body: Buffer, tag: Buffer, last: boolean): Buffer | null => {
    try {
      const d = createDecipheriv('aes-256-gcm', k, nonceFor(index));
      d.setAAD(aadFor(part, index, last));
      d.setAuthTag(tag);
      return Buffer.concat([d.update(body), d.final()]);
    } catch {
      return null;
    }
  };
  return new Transform({
    transform(chunk: Buffer, _enc, cb: TransformCallback) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      if (!magic) {
        if (buf.length < 4) return cb();
        if (!buf.subarray(0, 4).equals(MAGIC)) return cb(new BackupIntegrityError(`${part}: not a Mamori backup part`));
        buf = buf.subarray(4);
        magic = true;
      }
      while (buf.length >= 4) {
        if (done) return cb(new BackupIntegrityError(`${part}: data after the last chunk`));
        const len = buf.readUInt32BE(0);
        if (len > CHUNK_BYTES + 16) return cb(new BackupIntegrityError(`${part}: chunk ${index} is malformed`));
        if (buf.length < 4 + len + TAG) break;
        const body = buf.subarray(4, 4 + len);
        const tag = buf.subarray(4 + len, 4 + len + TAG);
        buf = buf.subarray(4 + len + TAG);
        // A chunk is the last one exactly when it authenticates as last.
        let plain = open(body, tag, false);
        if (plain === null) {
          plain = open(body, tag, true);
          if (plain === null) return cb(new BackupIntegrityError(`${part}: chunk ${index} does not authenticate (wrong key, or the backup was changed)`));
          done = true;
        }
        index++;
        this.push(plain);
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (!magic || !done || buf.length) return cb(new BackupIntegrityError(`${part}: the backup part is cut short`));
      cb();
    },
  });
}
