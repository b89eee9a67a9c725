import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SharingSignalList } from '../../../shared/sharing.js';
import { knownDevices, sessions } from '../../db/schema/index.js';
import { auditAfter, createTestApp, lastAuditSeq, seedOrg, seedPerson, sessionFor, type Client, type TestEnv } from '../../testing/harness.js';

let t: TestEnv;
let org: Awaited<ReturnType<typeof seedOrg>>;
let dc: Client;
let n = 0;

/** A full session of `personId` from `ip`, open from `from` to `to` (minutes after the clock's now). */
async function sessionAt(personId: string, ip: string, from: number, to: number) {
  const base = t.clock.now().getTime();
  await t.ctx.db.insert(sessions).values({
    id: `fixture-${++n}`,
    personId,
    csrfToken: 'x',
    createdAt: new Date(base + from * 60_000),
    lastSeenAt: new Date(base + to * 60_000),
    endedAt: new Date(base + to * 60_000),
    endReason: 'signed_out',
    expiresAt: new Date(base + 12 * 3_600_000),
    ip,
    userAgent: 'fixture',
  });
}

const researcher = () => seedPerson(t, { institutionIds: [org.instA.id], roles: [{ role: 'researcher', institutionId: org.instA.id }] });
const flagged = async () => ((await dc.get('/api/accounts/sharing-signals?days=30')).body as SharingSignalList).items;

beforeAll(async () => {
  t = await createTestApp();
  org = await seedOrg(t);
  const staff = await seedPerson(t, { roles: [{ role: 'data_center_staff', unitId: org.dc.id }], unitId: org.dc.id });
  dc = await sessionFor(t, staff.id);
});
afterAll(() => t?.close());

describe('sharing signals (P32-2.1.3a)', () => {
  it('flag two sessions of one account open at the same time from different addresses', async () => {
    const shared = await researcher();
    await sessionAt(shared.id, '198.51.100.10', -120, -60);
    await sessionAt(shared.id, '203.0.113.20', -90, -30); // overlaps the first
    const one = (await flagged()).find((s) => s.personId === shared.id);
    expect(one).toMatchObject({ concurrentPairs: 1, concurrentIps: ['198.51.100.10', '203.0.113.20'], distinctIps: 2 });
  });

  it('do not flag the same person moving between networks one session after another, nor two tabs from one address', async () => {
    const mover = await researcher();
    await sessionAt(mover.id, '198.51.100.11', -300, -200);
    await sessionAt(mover.id, '203.0.113.21', -150, -100); // after the first ended
    await sessionAt(mover.id, '203.0.113.21', -140, -110); // same address, overlapping
    expect((await flagged()).some((s) => s.personId === mover.id)).toBe(false);
  });

  it('flag more devices within the window than the threshold, and forget sessions older than the window', async () => {
    const many = await researcher();
    for (let i = 0; i < 4; i++) {
      await t.ctx.db.insert(knownDevices).values({ deviceHash: `fixture-device-${many.id}-${i}`, personId: many.id, userAgent: 'fixture', firstIp: '192.0.2.1', createdAt: t.clock.now(), lastSeenAt: t.clock.now() });
    }
    const old = await researcher();
    await sessionAt(old.id, '198.51.100.12', -60 * 24 * 40, -60 * 24 * 40 + 60);
    await sessionAt(old.id, '203.0.113.22', -60 * 24 * 40 + 10, -60 * 24 * 40 + 50);
    const items = await flagged();
    expect(items.find((s) => s.personId === many.id)).toMatchObject({ devices: 4, concurrentPairs: 0 });
    expect(items.some((s) => s.personId === old.id)).toBe(false);
  });

  it('are read only by the data center, and every read is audited', async () => {
    const seq = await lastAuditSeq(t);
    expect((await dc.get('/api/accounts/sharing-signals')).status).toBe(200);
    expect((await auditAfter(t, seq)).map((e) => e.action)).toEqual(['account.sharing_signals_viewed']);
    const r = await researcher();
    const denied = await (await sessionFor(t, r.id)).get('/api/accounts/sharing-signals');
    expect(denied.status).toBe(403);
    expect((await dc.get('/api/accounts/sharing-signals?days=0')).status).toBe(400);
  });
});
