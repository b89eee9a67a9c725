import { describe, expect, it, vi } from 'vitest';

/** A fresh copy of the module: the integration harness switches its own copy to cheap hashes. */
const freshModule = async () => {
  vi.resetModules();
  return import('./password.js');
};

describe('password hashing', () => {
  it('uses argon2id at 19 MiB, t=2, p=1 unless a test asks otherwise', async () => {
    const { hashPassword, verifyPassword } = await freshModule();
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('verifies a production hash after switching to test parameters, and the other way round', async () => {
    const m = await freshModule();
    const strong = await m.hashPassword('correct horse battery staple');
    m.useCheapHashesForTests();
    const cheap = await m.hashPassword('correct horse battery staple');
    expect(cheap).toMatch(/^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    expect(await m.verifyPassword(strong, 'correct horse battery staple')).toBe(true);
    expect(await m.verifyPassword(cheap, 'correct horse battery staple')).toBe(true);
    // The bench's baseline always measures the production cost.
    expect(await m.rawHash('x')).toMatch(/m=19456,t=2,p=1/);
  });
});
