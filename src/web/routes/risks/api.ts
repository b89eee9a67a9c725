import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { assetsApi } from '../../../shared/api/assets.js';
import { risksApi as r } from '../../../shared/api/risks.js';
import type { AcceptProposal, AcceptRisk, AssessRisk, CreateRiskInput, CreateThreatInput, CreateVulnerabilityInput, ListRisksQueryInput, RiskDto, RiskFiltersInput, UpdateRisk, UpdateRiskMatrix, UpdateThreat, UpdateVulnerability } from '../../../shared/risks.js';
import { call } from '../../api/client.js';

/** Everything risk-related is refreshed together: a change to one risk moves lists, the heat map and proposals. */
const KEY = ['risks'] as const;

function useInvalidate() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: KEY });
}

export function useRiskMatrix() {
  return useQuery({ queryKey: [...KEY, 'matrix'], queryFn: ({ signal }) => call(r.matrix, {}, signal), staleTime: 60_000 });
}
export function useUpdateMatrix() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateRiskMatrix) => call(r.updateMatrix, { body }), onSuccess: done });
}

const catalogueQuery = (params: { q?: string; includeRetired?: boolean }) => ({ q: params.q, includeRetired: params.includeRetired ? ('true' as const) : undefined });

export function useThreats(params: { q?: string; includeRetired?: boolean } = {}, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'threats', params],
    queryFn: ({ signal }) => call(r.threats, { query: catalogueQuery(params) }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
export function useVulnerabilities(params: { q?: string; includeRetired?: boolean } = {}, enabled = true) {
  return useQuery({
    queryKey: [...KEY, 'vulnerabilities', params],
    queryFn: ({ signal }) => call(r.vulnerabilities, { query: catalogueQuery(params) }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
/** Adds a threat, or (with its id) saves every field of one. */
export function useSaveThreat(id?: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateThreatInput) => (id ? call(r.updateThreat, { params: { id }, body }) : call(r.createThreat, { body })), onSuccess: done });
}
/** Changes some fields of a threat (retiring it, bringing it back). */
export function useUpdateThreat(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateThreat) => call(r.updateThreat, { params: { id }, body }), onSuccess: done });
}
/** Adds a vulnerability, or (with its id) saves every field of one. */
export function useSaveVulnerability(id?: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateVulnerabilityInput) => (id ? call(r.updateVulnerability, { params: { id }, body }) : call(r.createVulnerability, { body })), onSuccess: done });
}
/** Changes some fields of a vulnerability (retiring it, bringing it back). */
export function useUpdateVulnerability(id: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: UpdateVulnerability) => call(r.updateVulnerability, { params: { id }, body }), onSuccess: done });
}

export function useRisks(params: ListRisksQueryInput, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'list', params], queryFn: ({ signal }) => call(r.list, { query: params }, signal), placeholderData: keepPreviousData, enabled });
}
export function useRiskHeatmap(params: RiskFiltersInput) {
  return useQuery({ queryKey: [...KEY, 'heatmap', params], queryFn: ({ signal }) => call(r.heatmap, { query: params }, signal), placeholderData: keepPreviousData });
}
export function useRiskOwners() {
  return useQuery({ queryKey: [...KEY, 'owners'], queryFn: ({ signal }) => call(r.owners, {}, signal) });
}
export function useRisk(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(r.get, { params: { id: id! } }, signal), enabled: !!id });
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
export const useUpdateRisk = (id: string) => useRiskMutation(id, (body: UpdateRisk) => call(r.update, { params: { id }, body }));
export const useAssessRisk = (id: string) => useRiskMutation(id, (body: AssessRisk) => call(r.assess, { params: { id }, body }));
export const useSetRiskControls = (id: string) => useRiskMutation(id, (controlIds: string[]) => call(r.setControls, { params: { id }, body: { controlIds } }));
export const useAcceptRisk = (id: string) => useRiskMutation(id, (body: AcceptRisk) => call(r.accept, { params: { id }, body }));

export function useCreateRisk() {
  const done = useInvalidate();
  return useMutation({ mutationFn: (body: CreateRiskInput) => call(r.create, { body }), onSuccess: done });
}

export function useRiskProposals(assetId: string, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'proposals', assetId], queryFn: ({ signal }) => call(r.proposals, { params: { id: assetId } }, signal), enabled });
}
export function useAcceptProposal(assetId: string) {
  const done = useInvalidate();
  return useMutation({ mutationFn: ({ threatId, ...body }: AcceptProposal & { threatId: string }) => call(r.acceptProposal, { params: { id: assetId, threatId }, body }), onSuccess: done });
}

/** Assets for pickers (the asset register's own list, filtered to what the reader may see). */
export function useAssetSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['assets', 'pick', q],
    queryFn: ({ signal }) => call(assetsApi.list, { query: { q: q || undefined, pageSize: 20, sort: 'ref', dir: 'desc' } }, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}
