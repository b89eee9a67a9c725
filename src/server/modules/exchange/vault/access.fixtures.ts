import type { TargetScope } from '../../../authz/access-table.js';
import type { ModuleFixturesFactory } from '../../../testing/access-fixtures.js';
import { seedPerson } from '../../../testing/harness.js';
import { UploadService } from './upload.js';

const CSV = Buffer.from('registration_no,arm\nJ-0001,A\n');

/** Requests for the vault's upload routes: "own" uploads are the actor's, "other" ones someone else's. */
export const fixtures: ModuleFixturesFactory = ({ t, targetFor }) => {
  const uploads = new UploadService(t.ctx);
  let stranger: { id: string } | null = null;
  const uploadOf = async (scope: TargetScope, actorId: string) => {
    stranger ??= await seedPerson(t, {});
    const owner = scope === 'own' ? actorId : stranger.id;
    const u = await uploads.create({ kind: 'person', personId: owner, sessionId: null, ip: null, userAgent: 'fixture', roles: [], unitId: null, institutionIds: [], researchGroupIds: [], committeeIds: [] }, { fileName: 'fixture.csv', size: CSV.length });
    return u.id;
  };
  return {
    routes: {
      'POST /api/exchange/uploads': async () => ({ method: 'POST', url: '/api/exchange/uploads', body: { fileName: 'fixture.csv', size: CSV.length }, ok: 201 }),
      'GET /api/exchange/uploads/:id': async (s, a, e) => ({ method: 'GET', url: `/api/exchange/uploads/${await targetFor(`vault-get:${s}:${a}`, e, () => uploadOf(s, a))}`, ok: 200 }),
      'PATCH /api/exchange/uploads/:id': async (s, a, e) => ({
        method: 'PATCH',
        url: `/api/exchange/uploads/${await targetFor(`vault-patch:${s}:${a}`, e, () => uploadOf(s, a))}`,
        body: CSV,
        headers: { 'content-type': 'application/offset+octet-stream', 'upload-offset': '0' },
        ok: 200,
      }),
      'DELETE /api/exchange/uploads/:id': async (s, a, e) => ({ method: 'DELETE', url: `/api/exchange/uploads/${await targetFor(`vault-delete:${s}:${a}`, e, () => uploadOf(s, a))}`, ok: 204 }),
    },
  };
};
