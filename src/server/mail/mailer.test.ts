import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailOutbox } from '../db/schema/index.js';
import { createTestApp, seedOrg, seedPerson, sessionFor, type TestEnv } from '../testing/harness.js';
import { TestSmtp } from '../testing/smtp.js';
import { defineMail } from './template.js';

const HELLO = defineMail<{ name: string }>('test.hello', {
  ja: (p) => ({ subject: `${p.name} 様へのお知らせ`, text: `${p.name} 様\n\nこんにちは。` }),
  en: (p) => ({ subject: `A notice for ${p.name}`, text: `Dear ${p.name},\n\nHello.` }),
});

describe('mail over SMTP', () => {
  let smtp: TestSmtp;
  let t: TestEnv;
  beforeAll(async () => {
    smtp = await TestSmtp.start();
    t = await createTestApp({ SMTP_URL: smtp.url, MAIL_FROM: 'Mamori <mamori@example.jp>' });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  it('delivers a queued message in the recipient’s language, and marks it sent', async () => {
    const id = await t.ctx.db.transaction((tx) => t.ctx.mailer.enqueue(tx, { to: 'sato@example.jp', language: 'ja', template: HELLO, params: { name: '佐藤' } }));
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'smith@example.jp', language: 'en', template: HELLO, params: { name: 'Smith' } });
    await t.ctx.mailer.flush();
    const ja = await smtp.waitFor((m) => m.to.includes('sato@example.jp'));
    expect(ja.subject).toBe('佐藤 様へのお知らせ');
    expect(ja.text).toContain('こんにちは。');
    expect(ja.text).toContain('Mamori');
    const en = await smtp.waitFor((m) => m.to.includes('smith@example.jp'));
    expect(en.subject).toBe('A notice for Smith');
    const [row] = await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
    expect(row?.status).toBe('sent');
  });

  it('sends each message once when two deliverers run at the same time (the job and a kick)', async () => {
    const tos = Array.from({ length: 6 }, (_, i) => `once${i}@example.jp`);
    for (const to of tos) await t.ctx.mailer.enqueue(t.ctx.db, { to, language: 'en', template: HELLO, params: { name: to } });
    const [a, b] = await Promise.all([t.ctx.mailer.deliver(), t.ctx.mailer.deliver()]);
    expect(a + b).toBe(tos.length);
    for (const to of tos) await smtp.waitFor((m) => m.to.includes(to));
    await new Promise((r) => setTimeout(r, 200));
    for (const to of tos) expect(smtp.to(to)).toHaveLength(1);
  });

  it('writes nothing when the transaction that queued it rolls back', async () => {
    await expect(
      t.ctx.db.transaction(async (tx) => {
        await t.ctx.mailer.enqueue(tx, { to: 'rollback@example.jp', language: 'ja', template: HELLO, params: { name: 'x' } });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const rows = await t.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.toAddress, 'rollback@example.jp'));
    expect(rows).toEqual([]);
  });

  it('keeps a message queued with the error when the server refuses, and fails it after five attempts', async () => {
    const broken = await createTestApp({ SMTP_URL: 'smtp://127.0.0.1:1' });
    try {
      const id = await broken.ctx.mailer.enqueue(broken.ctx.db, { to: 'x@example.jp', language: 'en', template: HELLO, params: { name: 'X' } });
      await broken.ctx.mailer.deliver();
      let [row] = await broken.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
      expect(row?.status).toBe('queued');
      expect(row?.attempts).toHaveLength(1);
      for (let i = 0; i < 4; i++) await broken.ctx.mailer.deliver();
      [row] = await broken.ctx.db.select().from(mailOutbox).where(eq(mailOutbox.id, id));
      expect(row?.status).toBe('failed');
    } finally {
      await broken.close();
    }
  });
});

describe('the outbox without SMTP', () => {
  let t: TestEnv;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('holds messages and shows them to the manager, bodies one at a time and audited', async () => {
    await t.ctx.mailer.enqueue(t.ctx.db, { to: 'held@example.jp', language: 'en', template: HELLO, params: { name: 'Held' } });
    const org = await seedOrg(t);
    const manager = await seedPerson(t, { roles: [{ role: 'security_manager' }] });
    const c = await sessionFor(t, manager.id);
    const list = await c.get('/api/mail/outbox?status=held');
    expect(list.status).toBe(200);
    const item = (list.body as { items: { id: number; to: string; body: string; status: string }[] }).items.find((m) => m.to === 'held@example.jp');
    expect(item).toMatchObject({ status: 'held', body: '' });
    const one = await c.get(`/api/mail/outbox/${item!.id}`);
    expect(one.body).toMatchObject({ subject: 'A notice for Held', body: expect.stringContaining('Dear Held') });

    const staff = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id });
    const denied = await (await sessionFor(t, staff.id)).get('/api/mail/outbox');
    expect(denied.status).toBe(403);
  });
});
