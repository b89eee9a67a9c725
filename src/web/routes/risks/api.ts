import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetPage } from '../../../shared/assets.js';
import type {
  AcceptProposal,
  AcceptRisk,
  AssessRisk,
  CreateRiskInput,
  CreateThreatInput,
  CreateVulnerabilityInput,
  RiskDto,
  RiskHeatmapDto,
  RiskMatrixDto,
  RiskPage,
  RiskProposalList,
  ThreatDto,
  ThreatList,
  UpdateRisk,
  UpdateRiskMatrix,
  UpdateThreat,
  UpdateVulnerability,
  VulnerabilityDto,
  VulnerabilityList,
} from '../../../shared/risks.js';
import { api, type QueryParams } from '../../api/client.js';

/** Everything risk-related is refreshed together: a change to one risk moves lists, the heat map and proposals. */
const KEY = ['risks'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useRiskMatrix() {
  return useQuery({ queryKey: [...KEY, 'matrix'], queryFn: ({ signal }) => api.get<RiskMatrixDto>('/api/risk-matrix', undefined, signal), staleTime: 60_000 });
}
export function useUpdateMatrix() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateRiskMatrix) => api.put<{ matrix: RiskMatrixDto; recomputed: number }>('/api/risk-matrix', body), onSuccess: done });
}

export function useThreats(params: { q?: string; includeRetired?: boolean } = {}, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'threats', params],
    queryFn: ({ signal }) => api.get<ThreatList>('/api/threats', { q: params.q, includeRetired: params.includeRetired ? 'true' : undefined }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useVulnerabilities(params: { q?: string; includeRetired?: boolean } = {}, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'vulnerabilities', params],
    queryFn: ({ signal }) => api.get<VulnerabilityList>('/api/vulnerabilities', { q: params.q, includeRetired: params.includeRetired ? 'true' : undefined }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useSaveThreat(id?: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateThreatInput | UpdateThreat) => (id ? api.patch<ThreatDto>(`/api/threats/${id}`, body) : api.post<ThreatDto>('/api/threats', body)),
    onSuccess: done,
  });
}
export function useSaveVulnerability(id?: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (body: CreateVulnerabilityInput | UpdateVulnerability) => (id ? api.patch<VulnerabilityDto>(`/api/vulnerabilities/${id}`, body) : api.post<VulnerabilityDto>('/api/vulnerabilities', body)),
    onSuccess: done,
  });
}

export function useRisks(params: QueryParams, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => api.get<RiskPage>('/api/risks', params, signal), placeholderData: keepPreviousData, enabled });
}
export function useRiskHeatmap(params: QueryParams) {
  return useQuery({ queryKey: [...KEY, 'heatmap', params], queryFn: ({ signal }) => api.get<RiskHeatmapDto>('/api/risks/heatmap', params, signal), placeholderData: keepPreviousData });
}
export function useRiskOwners() {
  return useQuery({ queryKey: [...KEY, 'owners'], queryFn: ({ signal }) => api.get<{ items: { id: string; nameJa: string; nameEn: string }[] }>('/api/risks/owners', undefined, signal) });
}
export function useRisk(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<RiskDto>(`/api/risks/${id}`, undefined, signal), enabled: !!id });
}

/** A risk change: the answer is the risk as it now is, stored at once so the page does not flicker. */
function useRiskMutation<B>(id: string, send: (body: B) => Promise<RiskDto>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: send,
    onSuccess: async (r) => {
      qc.setQueryData([...KEY, 'one', id], r);
      await qc.invalidateQueries({ queryKey: KEY });
      // The controls module lists a risk's controls from its own cache.
      await qc.invalidateQueries({ queryKey: ['controls'] });
    },
  });
}
export const useUpdateRisk = (id: string) => useRiskMutation(id, (b: UpdateRisk) => api.patch<RiskDto>(`/api/risks/${id}`, b));
export const useAssessRisk = (id: string) => useRiskMutation(id, (b: AssessRisk) => api.post<RiskDto>(`/api/risks/${id}/assessments`, b));
export const useSetRiskControls = (id: string) => useRiskMutation(id, (controlIds: string[]) => api.put<RiskDto>(`/api/risks/${id}/controls`, { controlIds }));
export const useAcceptRisk = (id: string) => useRiskMutation(id, (b: AcceptRisk) => api.post<RiskDto>(`/api/risks/${id}/accept`, b));

export function useCreateRisk() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateRiskInput) => api.post<RiskDto>('/api/risks', body), onSuccess: done });
}

export function useRiskProposals(assetId: string, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'proposals', assetId], queryFn: ({ signal }) => api.get<RiskProposalList>(`/api/assets/${assetId}/risk-proposals`, undefined, signal), enabled });
}
export function useAcceptProposal(assetId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ threatId, ...body }: AcceptProposal & { threatId: string }) => api.post<RiskDto>(`/api/assets/${assetId}/risk-proposals/${threatId}/accept`, body), onSuccess: done });
}

/** Assets for pickers (the asset register's own list, filtered to what the reader may see). */
export function useAssetSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['assets', 'pick', q],
    queryFn: ({ signal }) => api.get<AssetPage>('/api/assets', { q: q || undefined, pageSize: 20, sort: 'ref', dir: 'desc' }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
