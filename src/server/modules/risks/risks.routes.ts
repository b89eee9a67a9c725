import { z } from 'zod';
import {
  AcceptProposal,
  AcceptRisk,
  AssessRisk,
  CreateRisk,
  CreateThreat,
  CreateVulnerability,
  IdParam,
  ListCatalogueQuery,
  ListRisksQuery,
  ProposalParam,
  RiskDto,
  RiskFilters,
  RiskHeatmapDto,
  RiskMatrixDto,
  RiskOwnerList,
  RiskPage,
  RiskProposalList,
  SetRiskControls,
  ThreatDto,
  ThreatList,
  UpdateRisk,
  UpdateRiskMatrix,
  UpdateThreat,
  UpdateVulnerability,
  VulnerabilityDto,
  VulnerabilityList,
} from '../../../shared/risks.js';
import type { AppContext } from '../../context.js';
import type { App } from '../../http.js';
import { RisksService } from './risks.service.js';

/**
 * Risk management (P32-4): the matrix, the threat and vulnerability catalogue, the register,
 * proposals for an asset, and the acceptance expiry job. The catalogue and the default matrix
 * are added when the app is ready.
 */
export function registerRiskRoutes(app: App, ctx: AppContext): void {
  const svc = new RisksService(ctx);
  const tags = ['risks'];

  app.get('/api/risk-matrix', { schema: { tags, response: { 200: RiskMatrixDto } } }, async (req) => svc.matrix(req.actor));
  app.put('/api/risk-matrix', { schema: { tags, body: UpdateRiskMatrix, response: { 200: z.object({ matrix: RiskMatrixDto, recomputed: z.number().int() }) } } }, async (req) =>
    svc.updateMatrix(req.actor, req.body),
  );

  app.get('/api/threats', { schema: { tags, querystring: ListCatalogueQuery, response: { 200: ThreatList } } }, async (req) => ({ items: await svc.catalogue.listThreats(req.actor, req.query) }));
  app.post('/api/threats', { schema: { tags, body: CreateThreat, response: { 201: ThreatDto } } }, async (req, reply) => reply.code(201).send(await svc.catalogue.createThreat(req.actor, req.body)));
  app.patch('/api/threats/:id', { schema: { tags, params: IdParam, body: UpdateThreat, response: { 200: ThreatDto } } }, async (req) => svc.catalogue.updateThreat(req.actor, req.params.id, req.body));
  app.get('/api/vulnerabilities', { schema: { tags, querystring: ListCatalogueQuery, response: { 200: VulnerabilityList } } }, async (req) => ({ items: await svc.catalogue.listVulnerabilities(req.actor, req.query) }));
  app.post('/api/vulnerabilities', { schema: { tags, body: CreateVulnerability, response: { 201: VulnerabilityDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.catalogue.createVulnerability(req.actor, req.body)),
  );
  app.patch('/api/vulnerabilities/:id', { schema: { tags, params: IdParam, body: UpdateVulnerability, response: { 200: VulnerabilityDto } } }, async (req) =>
    svc.catalogue.updateVulnerability(req.actor, req.params.id, req.body),
  );

  app.get('/api/risks', { schema: { tags, querystring: ListRisksQuery, response: { 200: RiskPage } } }, async (req) => svc.list(req.actor, req.query));
  app.get('/api/risks/heatmap', { schema: { tags, querystring: RiskFilters, response: { 200: RiskHeatmapDto } } }, async (req) => svc.heatmap(req.actor, req.query));
  app.get('/api/risks/owners', { schema: { tags, response: { 200: RiskOwnerList } } }, async (req) => svc.owners(req.actor));
  app.post('/api/risks', { schema: { tags, body: CreateRisk, response: { 201: RiskDto } } }, async (req, reply) => reply.code(201).send(await svc.create(req.actor, req.body)));
  app.get('/api/risks/:id', { schema: { tags, params: IdParam, response: { 200: RiskDto } } }, async (req) => svc.get(req.actor, req.params.id));
  app.patch('/api/risks/:id', { schema: { tags, params: IdParam, body: UpdateRisk, response: { 200: RiskDto } } }, async (req) => svc.update(req.actor, req.params.id, req.body));
  app.post('/api/risks/:id/assessments', { schema: { tags, params: IdParam, body: AssessRisk, response: { 200: RiskDto } } }, async (req) => svc.assess(req.actor, req.params.id, req.body));
  app.put('/api/risks/:id/controls', { schema: { tags, params: IdParam, body: SetRiskControls, response: { 200: RiskDto } } }, async (req) => svc.setControls(req.actor, req.params.id, req.body));
  app.post('/api/risks/:id/accept', { schema: { tags, params: IdParam, body: AcceptRisk, response: { 200: RiskDto } } }, async (req) => svc.accept(req.actor, req.params.id, req.body));

  app.get('/api/assets/:id/risk-proposals', { schema: { tags, params: IdParam, response: { 200: RiskProposalList } } }, async (req) => ({ items: await svc.proposals(req.actor, req.params.id) }));
  app.post('/api/assets/:id/risk-proposals/:threatId/accept', { schema: { tags, params: ProposalParam, body: AcceptProposal, response: { 201: RiskDto } } }, async (req, reply) =>
    reply.code(201).send(await svc.acceptProposal(req.actor, req.params.id, req.params.threatId, req.body)),
  );
}
