import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { GROUP_PASSWORD_ALPHABET } from '../../../shared/groups.js';

/**
 * Group passwords: generation, normalisation and encryption at rest.
 *
 * A password is 20 characters drawn uniformly (crypto.randomInt) from 31 characters that cannot
 * be mistaken for one another (digits 2–9 and lower-case letters without i, l, o), shown as four
 * blocks of five: 20 × log2(31) ≈ 99 bits of entropy. Typing it back, case, spaces and hyphens do
 * not matter.
 */
export const GROUP_PASSWORD_LENGTH = 20;
export const GROUP_PASSWORD_BITS = Math.floor(GROUP_PASSWORD_LENGTH * Math.log2(GROUP_PASSWORD_ALPHABET.length));

export function generateGroupPassword(): string {
  let s = '';
  for (let i = 0; i < GROUP_PASSWORD_LENGTH; i++) s += GROUP_PASSWORD_ALPHABET[randomInt(GROUP_PASSWORD_ALPHABET.length)];
  return s.match(/.{5}/g)!.join('-');
}

/** The canonical form compared at sign-in: lower case, without separators. */
export function normalizeGroupPassword(typed: string): string {
  return typed.toLowerCase().replace(/[\s\-‐－ー]+/g, '');
}

/** The login of a group ID, from the research group's code: lower case, other characters become '-'. */
export function loginFor(code: string): string {
  const base = code
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `grp-${base || 'group'}`.slice(0, 60);
}

/**
 * AES-256-GCM with a key derived from the master key by HKDF-SHA-256 for this one purpose. The
 * associated data binds each ciphertext to its group and version number, so a sealed value copied
 * to another row or version does not open.
 */
export class GroupPasswordBox {
  private readonly key: Buffer;
  constructor(masterKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'mamori:group-credential:v1', 32));
  }

  private static aad(researchGroupId: string, version: number) {
    return Buffer.from(`group-credential:${researchGroupId}:v${version}`);
  }

  seal(password: string, researchGroupId: string, version: number): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(GroupPasswordBox.aad(researchGroupId, version));
    const body = Buffer.concat([c.update(password, 'utf8'), c.final()]);
    return [iv, body, c.getAuthTag()].map((b) => b.toString('base64url')).join('.');
  }

  open(sealed: string, researchGroupId: string, version: number): string {
    const [iv, body, tag] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
    if (!iv || !body || !tag || iv.length !== 12 || tag.length !== 16) throw new Error('malformed sealed group password');
    const d = createDecipheriv('aes-256-gcm', this.key, iv);
    d.setAAD(GroupPasswordBox.aad(researchGroupId, version));
    d.setAuthTag(tag);
    return Buffer.concat([d.update(body), d.final()]).toString('utf8');
  }
}
