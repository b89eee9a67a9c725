import { CreateControl } from '../../../shared/controls.js';
import type { ModuleFixturesFactory } from '../../testing/access-fixtures.js';
import { system } from '../../testing/harness.js';
import { ControlsService } from './controls.service.js';
import { EvidenceService } from './evidence.service.js';

/** A multipart body with one small evidence file. */
export function evidenceMultipart(i: string, validUntil = '2026-12-31') {
  const boundary = `----mamoriev${i}`;
  const body =
    `--${boundary}\r\nContent-Disposition: form-data; name="description"\r\n\r\nFixture evidence ${i}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="validUntil"\r\n\r\n${validUntil}\r\n` +
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="evidence-${i}.txt"\r\nContent-Type: text/plain\r\n\r\nevidence ${i}\r\n--${boundary}--\r\n`;
  return { body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const fixtures: ModuleFixturesFactory = ({ t, next, targetFor }) => {
  const controls = new ControlsService(t.ctx);
  const evidence = new EvidenceService(t.ctx);
  const control = async () => (await controls.create(system, CreateControl.parse({ family: 'technical', titleJa: `試験用の管理策${next()}`, titleEn: `Fixture control ${next()}`, clauseIds: ['P32-5'] }))).id;
  const withEvidence = async () => {
    const id = await control();
    const e = await evidence.add(system, id, { fileName: 'fixture.txt', contentType: 'text/plain', data: Buffer.from(`fixture ${next()}`) }, { description: 'fixture', validUntil: null });
    return `${id}/evidence/${e.id}`;
  };
  return {
    routes: {
      'GET /api/controls': async () => ({ method: 'GET', url: '/api/controls?family=physical', ok: 200 }),
      'POST /api/controls': async () => ({ method: 'POST', url: '/api/controls', body: { family: 'operational', titleJa: `新しい管理策${next()}`, titleEn: `New control ${next()}` }, ok: 201 }),
      'POST /api/controls/assign-owners': async () => ({ method: 'POST', url: '/api/controls/assign-owners', ok: 200 }),
      'GET /api/controls/:id': async (_s, _a, e) => ({ method: 'GET', url: `/api/controls/${await targetFor('ctl-shared', e, control)}`, ok: 200 }),
      'PATCH /api/controls/:id': async (_s, _a, e) => ({ method: 'PATCH', url: `/api/controls/${await targetFor('ctl-patch', e, control)}`, body: { status: 'planned' }, ok: 200 }),
      'DELETE /api/controls/:id': async (_s, _a, e) => ({ method: 'DELETE', url: `/api/controls/${await targetFor('ctl-delete', e, control)}`, ok: 204 }),
      'POST /api/controls/:id/evidence': async (_s, _a, e) => {
        const id = await targetFor('ctl-upload', e, control);
        return { method: 'POST', url: `/api/controls/${id}/evidence`, ...evidenceMultipart(next()), ok: 201 };
      },
      'PATCH /api/controls/:id/evidence/:evidenceId': async (_s, _a, e) => ({ method: 'PATCH', url: `/api/controls/${await targetFor('ev-patch', e, withEvidence)}`, body: { description: `changed ${next()}` }, ok: 200 }),
      'DELETE /api/controls/:id/evidence/:evidenceId': async (_s, _a, e) => ({ method: 'DELETE', url: `/api/controls/${await targetFor('ev-delete', e, withEvidence)}`, ok: 204 }),
      'GET /api/controls/:id/evidence/:evidenceId/download': async (_s, _a, e) => ({ method: 'GET', url: `/api/controls/${await targetFor('ev-shared', e, withEvidence)}/download`, ok: 200 }),
      'GET /api/soa': async () => ({ method: 'GET', url: '/api/soa', ok: 200 }),
      'GET /api/soa/export': async () => ({ method: 'GET', url: '/api/soa/export?format=xlsx&lang=en', ok: 200 }),
      'GET /api/clause-map': async () => ({ method: 'GET', url: '/api/clause-map', ok: 200 }),
    },
  };
};
