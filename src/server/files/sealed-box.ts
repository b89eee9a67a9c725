import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Seals evidence files with AES-256-GCM under a key derived from the master key for one purpose
 * (control evidence by default; violation cases use their own). The evidence id is the associated
 * data, so a sealed file copied to another row does not open. Layout: version byte ‖ 12-byte IV ‖
 * ciphertext ‖ 16-byte tag.
 */
export class EvidenceBox {
  private readonly key: Buffer;
  constructor(
    masterKey: Buffer,
    private readonly purpose: string = 'control-evidence',
  ) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `mamori:${purpose}:v1`, 32));
  }

  seal(plain: Buffer, evidenceId: string): Buffer {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(`${this.purpose}:${evidenceId}`));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([Buffer.from([1]), iv, body, c.getAuthTag()]);
  }

  open(sealed: Buffer, evidenceId: string): Buffer {
    if (sealed[0] !== 1 || sealed.length < 29) throw new Error('unknown sealed evidence format');
    const d = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(1, 13));
    d.setAAD(Buffer.from(`${this.purpose}:${evidenceId}`));
    d.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([d.update(sealed.subarray(13, sealed.length - 16)), d.final()]);
  }
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * A file name safe to show and to offer on download: the last path segment, without control
 * characters, quotes, or characters Windows refuses, at most 200 characters. It is only ever a
 * label: the file lives in the database under the evidence id.
 */
export function cleanFileName(raw: string | undefined): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"*:<>?|]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim();
  if (!cleaned) return 'evidence';
  if (cleaned.length <= 200) return cleaned;
  const dot = cleaned.lastIndexOf('.');
  const ext = dot > 0 && cleaned.length - dot <= 10 ? cleaned.slice(dot) : '';
  return cleaned.slice(0, 200 - ext.length) + ext;
}

/** A content type to record: the browser's claim if it is well-formed, else a generic one. Downloads always go out as attachments. */
export function cleanContentType(raw: string | undefined): string {
  const t = (raw ?? '').toLowerCase().split(';')[0]!.trim();
  return /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/.test(t) ? t : 'application/octet-stream';
}
