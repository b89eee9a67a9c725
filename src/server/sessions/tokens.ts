import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Cookie token: 256 bits from the CSPRNG, base64url (personal and group sessions alike). */
export const newToken = () => randomBytes(32).toString('base64url');
/** Sessions are stored under the SHA-256 of their token, so a database read gives no usable cookie. */
export const tokenId = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant-time string equality. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
