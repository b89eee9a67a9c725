import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AssetDto, CreateAssetInput, CreateSavedView, DisposeAsset, ExportAssetsQueryInput, ListAssetsQueryInput, UpdateAsset } from '../../../shared/assets.js';
import { assetsApi as a } from '../../../shared/api/assets.js';
import { lawsApi } from '../../../shared/api/laws.js';
import { peopleApi, registriesApi } from '../../../shared/api/org.js';
import { call, hrefOf } from '../../api/client.js';

const KEY = ['assets'] as const;

/** The list with the filters as query parameters (kept in the URL by the page). */
export function useAssetList(params: ListAssetsQueryInput) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => call(a.list, { query: params }, signal),
    placeholderData: keepPreviousData,
  });
}

/** The address of the filtered list as CSV or XLSX (a download with the session cookie). */
export const exportHref = (query: ExportAssetsQueryInput) => hrefOf(a.export, { query });

export function useAsset(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(a.get, { params: { id: id! } }, signal), enabled: !!id });
}

export function useAssetHistory(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'history', id],
    queryFn: ({ signal }) => call(a.history, { params: { id: id! } }, signal),
    enabled: !!id,
  });
}

export function useAssetDashboard() {
  return useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: ({ signal }) => call(a.dashboard, {}, signal) });
}

export function useAssetSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => call(a.settings, {}, signal), staleTime: 60_000 });
}

export function useSavedViews() {
  return useQuery({ queryKey: [...KEY, 'views'], queryFn: ({ signal }) => call(a.views, {}, signal) });
}

/** Every change refreshes the register's lists, the asset and its history. */
function useAssetMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => {
      void qc.invalidateQueries({ queryKey: KEY });
      if (data && typeof data === 'object' && 'id' in data && 'ref' in data) qc.setQueryData([...KEY, 'one', (data as unknown as AssetDto).id], data);
    },
  });
}

export const useCreateAsset = () => useAssetMutation((body: CreateAssetInput) => call(a.create, { body }));
export const useUpdateAsset = () => useAssetMutation(({ id, body }: { id: string; body: UpdateAsset }) => call(a.update, { params: { id }, body }));
export const useDisposeAsset = () => useAssetMutation(({ id, body }: { id: string; body: DisposeAsset }) => call(a.dispose, { params: { id }, body }));
export const useSetParent = () => useAssetMutation(({ id, parentId }: { id: string; parentId: string | null }) => call(a.setParent, { params: { id }, body: { parentId } }));
export const useLink = () =>
  useAssetMutation(({ id, what, otherId, link }: { id: string; what: 'laws' | 'studies'; otherId: string; link: boolean }) => {
    if (what === 'laws') return call(link ? a.linkLaw : a.unlinkLaw, { params: { id, lawId: otherId } });
    return call(link ? a.linkStudy : a.unlinkStudy, { params: { id, studyId: otherId } });
  });
export const useSaveView = () => useAssetMutation((body: CreateSavedView) => call(a.saveView, { body }));
export const useDeleteView = () => useAssetMutation((id: string) => call(a.deleteView, { params: { id } }));

/** Options for pickers: studies, laws, people (by search), assets (by search). */
export function useStudyOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['asset-options', 'studies'],
    queryFn: ({ signal }) => call(registriesApi.studies.list, { query: { pageSize: 200 } }, signal),
    enabled,
    staleTime: 60_000,
  });
}
export function useLawOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['asset-options', 'laws'],
    queryFn: ({ signal }) => call(lawsApi.list, {}, signal),
    enabled,
    staleTime: 60_000,
  });
}
export function usePeopleSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: ['asset-options', 'people', q],
    queryFn: ({ signal }) => call(peopleApi.list, { query: { q: q || undefined, pageSize: 20 } }, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
export function useAssetSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'pick', q],
    queryFn: ({ signal }) => call(a.list, { query: { q: q || undefined, pageSize: 20 } }, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
