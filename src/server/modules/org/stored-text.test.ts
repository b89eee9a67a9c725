import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

let t: TestEnv;
let manager: Client;
beforeAll(async () => {
  t = await createTestApp();
  manager = await sessionFor(t, (await seedPerson(t, { roles: [{ role: 'security_manager' }] })).id);
});
afterAll(() => t?.close());

describe('POST /api/institutions with text the database cannot store', () => {
  it('answers 400 without details, not 500, and creates nothing', async () => {
    const res = await manager.post('/api/institutions', { code: 'NUL1', nameJa: '病院\u0000', nameEn: 'Hospital', prefecture: '13' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    const list = await manager.get('/api/institutions?q=NUL1');
    expect((list.body as { total: number }).total).toBe(0);
  });
});
