import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived from the master key with HKDF-SHA-256 for one purpose, so each
 * use of the master key has its own key. Output: base64url of version byte ‖ 12-byte IV ‖ ciphertext ‖ 16-byte tag.
 */
export class SecretBox {
  private readonly key: Buffer;
  constructor(masterKey: Buffer, purpose: string) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `mamori:${purpose}`, 32));
  }

  seal(plain: Buffer, aad: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(aad));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([Buffer.from([1]), iv, body, c.getAuthTag()]).toString('base64url');
  }

  open(sealed: string, aad: string): Buffer {
    const buf = Buffer.from(sealed, 'base64url');
    if (buf[0] !== 1 || buf.length < 1 + 12 + 16) throw new Error('unknown sealed format');
    const iv = buf.subarray(1, 13);
    const tag = buf.subarray(buf.length - 16);
    const d = createDecipheriv('aes-256-gcm', this.key, iv);
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(buf.subarray(13, buf.length - 16)), d.final()]);
  }
}
