import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Envelope encryption of exchanged files (issue 7, P32-1.2.1, 1.2.2).
 *
 * - Each file has its own random 256-bit data key (DEK).
 * - The payload is cut into chunks of `chunkSize` plaintext bytes (the last one shorter, possibly
 *   empty: an empty file is one empty chunk), each sealed with AES-256-GCM under the DEK. The
 *   12-byte nonce is an 8-byte random prefix (fresh for every stored segment, see upload.ts) followed by
 *   the chunk's index (32-bit big-endian), so no (key, nonce) pair is ever used twice, even when an
 *   interrupted segment is written again after a crash. The associated data binds the file id, the
 *   chunk index and whether it is the final chunk: chunks cannot be reordered, dropped from the
 *   end (truncation), or moved to another file without failing authentication.
 * - The DEK is stored only wrapped (AES-256-GCM) by a key-encryption key derived from the master
 *   key with HKDF-SHA-256 (info `mamori:exchange-kek:v1`). Every wrapped key records the key id of
 *   the master key that wrapped it, so after a master-key rotation the previous key still opens the
 *   old ones until `rewrapAll` has re-wrapped them (payloads are never re-encrypted).
 */

export const DEK_BYTES = 32;
export const NONCE_PREFIX_BYTES = 8;
export const TAG_BYTES = 16;
/** The most chunks a file may have (the index is 32-bit in the nonce). */
export const MAX_CHUNKS = 2 ** 32 - 1;

const hkdf = (key: Buffer, info: string, length = 32) => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), info, length));

/** A short public name for a master key (its "version"): derived one-way, so it reveals nothing about the key. */
export function masterKeyId(masterKey: Buffer): string {
  return hkdf(masterKey, 'mamori:exchange-key-id:v1', 8).toString('hex');
}

/** The key-encryption key derived from a master key; used for nothing but wrapping data keys. */
export function kekFrom(masterKey: Buffer): Buffer {
  return hkdf(masterKey, 'mamori:exchange-kek:v1');
}

/** A data key could not be unwrapped: its master key is not configured, or the wrapped key was altered. */
export class KeyUnavailableError extends Error {
  constructor(
    public readonly keyId: string,
    message: string,
  ) {
    super(message);
    this.name = 'KeyUnavailableError';
  }
}

/** The current master key (wraps new keys) and any previous ones (only unwrap, until re-wrapped). */
export class KeyRing {
  readonly currentId: string;
  private readonly keks = new Map<string, Buffer>();

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    if (current.length !== 32) throw new Error('the master key must be 32 bytes');
    this.currentId = masterKeyId(current);
    this.keks.set(this.currentId, kekFrom(current));
    for (const p of previous) {
      if (p.length !== 32) throw new Error('a previous master key must be 32 bytes');
      const id = masterKeyId(p);
      if (!this.keks.has(id)) this.keks.set(id, kekFrom(p));
    }
  }

  /** Whether a key id can be unwrapped with the configured keys. */
  has(keyId: string): boolean {
    return this.keks.has(keyId);
  }

  private static aad(fileId: string, keyId: string) {
    return Buffer.from(`mamori-exchange-dek:v1:${fileId}:${keyId}`);
  }

  /** Wraps a data key under the current master key; the result is bound to the file id. */
  wrap(dataKey: Buffer, fileId: string): { wrappedKey: string; keyId: string } {
    const kek = this.keks.get(this.currentId)!;
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', kek, iv);
    c.setAAD(KeyRing.aad(fileId, this.currentId));
    const body = Buffer.concat([c.update(dataKey), c.final()]);
    return { wrappedKey: [iv, body, c.getAuthTag()].map((b) => b.toString('base64url')).join('.'), keyId: this.currentId };
  }

  unwrap(wrappedKey: string, keyId: string, fileId: string): Buffer {
    const kek = this.keks.get(keyId);
    if (!kek) throw new KeyUnavailableError(keyId, `The master key ${keyId} that wrapped this file's key is not configured (set MASTER_KEY_PREVIOUS during a rotation).`);
    const [iv, body, tag] = wrappedKey.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !body || !tag || iv.length !== 12 || tag.length !== TAG_BYTES || body.length !== DEK_BYTES) throw new KeyUnavailableError(keyId, 'malformed wrapped key');
    try {
      const d = createDecipheriv('aes-256-gcm', kek, iv);
      d.setAAD(KeyRing.aad(fileId, keyId));
      d.setAuthTag(tag);
      return Buffer.concat([d.update(body), d.final()]);
    } catch {
      throw new KeyUnavailableError(keyId, 'the wrapped key does not open (altered, or bound to another file)');
    }
  }

  /** Re-wraps under the current master key (no-op result when it already is). */
  rewrap(wrappedKey: string, keyId: string, fileId: string): { wrappedKey: string; keyId: string } {
    if (keyId === this.currentId) return { wrappedKey, keyId };
    const dek = this.unwrap(wrappedKey, keyId, fileId);
    try {
      return this.wrap(dek, fileId);
    } finally {
      dek.fill(0);
    }
  }
}

export function newDataKey(): Buffer {
  return randomBytes(DEK_BYTES);
}

export function newNoncePrefix(): Buffer {
  return randomBytes(NONCE_PREFIX_BYTES);
}

export function chunkNonce(prefix: Buffer, index: number): Buffer {
  if (prefix.length !== NONCE_PREFIX_BYTES) throw new Error('bad nonce prefix');
  if (!Number.isInteger(index) || index < 0 || index > MAX_CHUNKS) throw new Error('bad chunk index');
  const n = Buffer.allocUnsafe(12);
  prefix.copy(n, 0);
  n.writeUInt32BE(index, NONCE_PREFIX_BYTES);
  return n;
}

export function chunkAad(fileId: string, index: number, final: boolean): Buffer {
  return Buffer.from(`mamori-exchange-chunk:v1:${fileId}:${index}:${final ? 'final' : 'more'}`);
}

/** Seals one chunk; returns [ciphertext, tag] (written one after the other, so no copy is made). */
export function sealChunk(dataKey: Buffer, prefix: Buffer, fileId: string, index: number, final: boolean, plaintext: Buffer): [Buffer, Buffer] {
  const c = createCipheriv('aes-256-gcm', dataKey, chunkNonce(prefix, index));
  c.setAAD(chunkAad(fileId, index, final));
  const body = c.update(plaintext);
  c.final();
  return [body, c.getAuthTag()];
}

/** Opens one chunk (ciphertext followed by its 16-byte tag); throws if it does not authenticate. */
export function openChunk(dataKey: Buffer, prefix: Buffer, fileId: string, index: number, final: boolean, sealed: Buffer): Buffer {
  if (sealed.length < TAG_BYTES) throw new Error('chunk too short');
  const d = createDecipheriv('aes-256-gcm', dataKey, chunkNonce(prefix, index));
  d.setAAD(chunkAad(fileId, index, final));
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const body = d.update(sealed.subarray(0, sealed.length - TAG_BYTES));
  d.final(); // throws 'Unsupported state or unable to authenticate data'
  return body;
}

/**
 * The pending partial chunk of an unfinished upload (fewer than chunkSize bytes, kept between
 * PATCH requests). It is sealed under a subkey of the DEK with a random nonce, never under the
 * chunk nonces: the same bytes are sealed again later as part of a whole chunk.
 */
export function sealTail(dataKey: Buffer, fileId: string, chunkIndex: number, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', hkdf(dataKey, 'mamori:exchange-tail:v1'), iv);
  c.setAAD(Buffer.from(`mamori-exchange-tail:v1:${fileId}:${chunkIndex}:${plaintext.length}`));
  return Buffer.concat([iv, c.update(plaintext), c.final(), c.getAuthTag()]);
}

export function openTail(dataKey: Buffer, fileId: string, chunkIndex: number, length: number, sealed: Buffer): Buffer {
  if (sealed.length !== 12 + length + TAG_BYTES) throw new Error('tail has the wrong length');
  const d = createDecipheriv('aes-256-gcm', hkdf(dataKey, 'mamori:exchange-tail:v1'), sealed.subarray(0, 12));
  d.setAAD(Buffer.from(`mamori-exchange-tail:v1:${fileId}:${chunkIndex}:${length}`));
  d.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  const body = d.update(sealed.subarray(12, sealed.length - TAG_BYTES));
  d.final();
  return body;
}

/** Chunks in a file of `size` plaintext bytes (at least one: an empty file is one empty final chunk). */
export function chunkCount(size: number, chunkSize: number): number {
  return size === 0 ? 1 : Math.ceil(size / chunkSize);
}

// ---- the same chunk format through WebCrypto, which runs on the libuv thread pool -----------------
// AES-GCM there gives ciphertext followed by the 16-byte tag: exactly the stored form. Sealing and
// opening off the main thread let the SHA-256 of the plaintext (main thread) and the disk writes run
// at the same time as the cipher.

const subtle = globalThis.crypto.subtle;
/** Node's Buffers are BufferSources; the DOM typings only want to hear it said. */
const bs = (b: Buffer) => b as unknown as Uint8Array<ArrayBuffer>;

/** The data key as a WebCrypto key for chunk sealing and opening. */
export function importChunkKey(dataKey: Buffer): Promise<CryptoKey> {
  return subtle.importKey('raw', bs(dataKey), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']);
}

/** sealChunk on the thread pool: resolves with ciphertext + tag in one buffer. */
export async function sealChunkAsync(key: CryptoKey, prefix: Buffer, fileId: string, index: number, final: boolean, plaintext: Buffer): Promise<Buffer> {
  const out = await subtle.encrypt({ name: 'AES-GCM', iv: bs(chunkNonce(prefix, index)), additionalData: bs(chunkAad(fileId, index, final)), tagLength: 128 }, key, bs(plaintext));
  return Buffer.from(out);
}

/** openChunk on the thread pool: rejects if the chunk does not authenticate. */
export async function openChunkAsync(key: CryptoKey, prefix: Buffer, fileId: string, index: number, final: boolean, sealed: Buffer): Promise<Buffer> {
  if (sealed.length < TAG_BYTES) throw new Error('chunk too short');
  const out = await subtle.decrypt({ name: 'AES-GCM', iv: bs(chunkNonce(prefix, index)), additionalData: bs(chunkAad(fileId, index, final)), tagLength: 128 }, key, bs(sealed));
  return Buffer.from(out);
}
