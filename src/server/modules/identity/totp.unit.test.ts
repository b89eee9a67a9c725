import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, hotp, matchTotp, otpauthUri, timeStep, totp } from './totp.js';
import { SecretBox } from './secret-box.js';

// RFC 6238 Appendix B: the SHA-1 seed is "12345678901234567890", 8 digits, T0 = 0, X = 30 s.
const SEED = Buffer.from('12345678901234567890');
const SEED256 = Buffer.from('12345678901234567890123456789012');
const SEED512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');
const VECTORS: [number, string, string, string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it.each(VECTORS)('matches the RFC test vectors at T=%i', (t, sha1, sha256, sha512) => {
    expect(totp(SEED, t * 1000, 8, 'sha1')).toBe(sha1);
    expect(totp(SEED256, t * 1000, 8, 'sha256')).toBe(sha256);
    expect(totp(SEED512, t * 1000, 8, 'sha512')).toBe(sha512);
  });

  it('matches RFC 4226 HOTP vectors (6 digits)', () => {
    expect([0, 1, 2, 9].map((c) => hotp(SEED, c))).toEqual(['755224', '287082', '359152', '520489']);
  });

  it('accepts one step of drift either way and nothing further', () => {
    const now = 1_700_000_000_000;
    const s = timeStep(now);
    expect(matchTotp(SEED, totp(SEED, now - 30_000), now, null)).toBe(s - 1);
    expect(matchTotp(SEED, totp(SEED, now + 30_000), now, null)).toBe(s + 1);
    expect(matchTotp(SEED, totp(SEED, now - 60_000), now, null)).toBeNull();
    expect(matchTotp(SEED, totp(SEED, now + 60_000), now, null)).toBeNull();
  });

  it('refuses a step at or before the last one used (no replay)', () => {
    const now = 1_700_000_000_000;
    const code = totp(SEED, now);
    const s = matchTotp(SEED, code, now, null)!;
    expect(matchTotp(SEED, code, now, s)).toBeNull();
    expect(matchTotp(SEED, totp(SEED, now - 30_000), now, s)).toBeNull();
    expect(matchTotp(SEED, totp(SEED, now + 30_000), now, s)).toBe(s + 1);
  });

  it('rejects malformed codes', () => {
    expect(matchTotp(SEED, '12345', 0, null)).toBeNull();
    expect(matchTotp(SEED, 'abcdef', 0, null)).toBeNull();
  });

  it('round-trips base32 and builds the otpauth URI', () => {
    expect(base32Encode(Buffer.from('12345678901234567890'))).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode('gezd gnbv gy3t qojq gezd gnbv gy3t qojq').equals(SEED)).toBe(true);
    expect(otpauthUri(SEED, 'Mamori', 'a@example.jp')).toBe('otpauth://totp/Mamori%3Aa%40example.jp?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Mamori&algorithm=SHA1&digits=6&period=30');
  });
});

describe('SecretBox', () => {
  it('opens what it sealed, only with the same key, purpose and binding', () => {
    const key = Buffer.alloc(32, 7);
    const box = new SecretBox(key, 'totp-secret');
    const sealed = box.seal(SEED, 'person-1');
    expect(sealed).not.toContain(SEED.toString('base64url'));
    expect(box.open(sealed, 'person-1').equals(SEED)).toBe(true);
    expect(() => box.open(sealed, 'person-2')).toThrow();
    expect(() => new SecretBox(key, 'other').open(sealed, 'person-1')).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 8), 'totp-secret').open(sealed, 'person-1')).toThrow();
  });
});
