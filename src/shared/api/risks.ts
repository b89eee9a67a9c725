import {
  AcceptProposal,
  AcceptRisk,
  AssessRisk,
  CreateRisk,
  CreateThreat,
  CreateVulnerability,
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
  UpdateRiskMatrixResult,
  UpdateThreat,
  UpdateVulnerability,
  VulnerabilityDto,
  VulnerabilityList,
} from '../risks.js';
import { defineApi } from './endpoint.js';
import { IdParam } from './params.js';

/**
 * Risk management (P32-4): the matrix, the threat and vulnerability catalogue, the register with
 * its heat map, and proposals of the usual risks for an asset.
 */
export const risksApi = defineApi(
  { tags: ['risks'] },
  {
    matrix: { method: 'GET', path: '/api/risk-matrix', response: RiskMatrixDto },
    updateMatrix: { method: 'PUT', path: '/api/risk-matrix', body: UpdateRiskMatrix, response: UpdateRiskMatrixResult },

    // ---- the catalogue ----
    threats: { method: 'GET', path: '/api/threats', query: ListCatalogueQuery, response: ThreatList },
    createThreat: { method: 'POST', path: '/api/threats', body: CreateThreat, response: ThreatDto, status: 201 },
    updateThreat: { method: 'PATCH', path: '/api/threats/:id', params: IdParam, body: UpdateThreat, response: ThreatDto },
    vulnerabilities: { method: 'GET', path: '/api/vulnerabilities', query: ListCatalogueQuery, response: VulnerabilityList },
    createVulnerability: { method: 'POST', path: '/api/vulnerabilities', body: CreateVulnerability, response: VulnerabilityDto, status: 201 },
    updateVulnerability: { method: 'PATCH', path: '/api/vulnerabilities/:id', params: IdParam, body: UpdateVulnerability, response: VulnerabilityDto },

    // ---- the register ----
    list: { method: 'GET', path: '/api/risks', query: ListRisksQuery, response: RiskPage },
    heatmap: { method: 'GET', path: '/api/risks/heatmap', query: RiskFilters, response: RiskHeatmapDto },
    owners: { method: 'GET', path: '/api/risks/owners', response: RiskOwnerList },
    create: { method: 'POST', path: '/api/risks', body: CreateRisk, response: RiskDto, status: 201 },
    get: { method: 'GET', path: '/api/risks/:id', params: IdParam, response: RiskDto },
    update: { method: 'PATCH', path: '/api/risks/:id', params: IdParam, body: UpdateRisk, response: RiskDto },
    assess: { method: 'POST', path: '/api/risks/:id/assessments', params: IdParam, body: AssessRisk, response: RiskDto },
    setControls: { method: 'PUT', path: '/api/risks/:id/controls', params: IdParam, body: SetRiskControls, response: RiskDto },
    accept: { method: 'POST', path: '/api/risks/:id/accept', params: IdParam, body: AcceptRisk, response: RiskDto },

    // ---- proposals for an asset ----
    proposals: { method: 'GET', path: '/api/assets/:id/risk-proposals', params: IdParam, response: RiskProposalList },
    acceptProposal: { method: 'POST', path: '/api/assets/:id/risk-proposals/:threatId/accept', params: ProposalParam, body: AcceptProposal, response: RiskDto, status: 201 },
  },
);
