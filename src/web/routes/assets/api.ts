import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AssetDashboardDto,
  AssetDto,
  AssetHistoryEntryDto,
  AssetPage,
  AssetSettingsDto,
  CreateAssetInput,
  CreateSavedView,
  DisposeAsset,
  SavedViewDto,
  UpdateAsset,
} from '../../../shared/assets.js';
import { lawsApi } from '../../../shared/api/laws.js';
import { api, call, type QueryParams } from '../../api/client.js';

const KEY = ['assets'] as const;

/** The list with the filters as query parameters (kept in the URL by the page). */
export function useAssetList(params: QueryParams) {
  return useQuery({
    queryKey: [...KEY, 'list', params],
    queryFn: ({ signal }) => api.get<AssetPage>('/api/assets', params, signal),
    placeholderData: keepPreviousData,
  });
}

export function useAsset(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<AssetDto>(`/api/assets/${id}`, undefined, signal), enabled: !!id });
}

export function useAssetHistory(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'history', id],
    queryFn: ({ signal }) => api.get<{ items: AssetHistoryEntryDto[] }>(`/api/assets/${id}/history`, undefined, signal),
    enabled: !!id,
  });
}

export function useAssetDashboard() {
  return useQuery({ queryKey: [...KEY, 'dashboard'], queryFn: ({ signal }) => api.get<AssetDashboardDto>('/api/assets/dashboard', undefined, signal) });
}

export function useAssetSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => api.get<AssetSettingsDto>('/api/assets/settings', undefined, signal), staleTime: 60_000 });
}

export function useSavedViews() {
  return useQuery({ queryKey: [...KEY, 'views'], queryFn: ({ signal }) => api.get<{ items: SavedViewDto[] }>('/api/assets/views', undefined, signal) });
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

export const useCreateAsset = () => useAssetMutation((body: CreateAssetInput) => api.post<AssetDto>('/api/assets', body));
export const useUpdateAsset = () => useAssetMutation(({ id, body }: { id: string; body: UpdateAsset }) => api.patch<AssetDto>(`/api/assets/${id}`, body));
export const useDisposeAsset = () => useAssetMutation(({ id, body }: { id: string; body: DisposeAsset }) => api.post<AssetDto>(`/api/assets/${id}/dispose`, body));
export const useSetParent = () => useAssetMutation(({ id, parentId }: { id: string; parentId: string | null }) => api.put<AssetDto>(`/api/assets/${id}/parent`, { parentId }));
export const useLink = () =>
  useAssetMutation(({ id, what, otherId, link }: { id: string; what: 'laws' | 'studies'; otherId: string; link: boolean }) =>
    link ? api.put<AssetDto>(`/api/assets/${id}/${what}/${otherId}`, undefined) : api.delete<AssetDto>(`/api/assets/${id}/${what}/${otherId}`),
  );
export const useSaveView = () => useAssetMutation((body: CreateSavedView) => api.post<SavedViewDto>('/api/assets/views', body));
export const useDeleteView = () => useAssetMutation((id: string) => api.delete<void>(`/api/assets/views/${id}`));

/** Options for pickers: studies, laws, people (by search), assets (by search). */
export function useStudyOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['asset-options', 'studies'],
    queryFn: ({ signal }) => api.get<{ items: { id: string; code: string; titleJa: string; titleEn: string }[] }>('/api/studies', { pageSize: 200 }, signal),
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
    queryFn: ({ signal }) =>
      api.get<{ items: { id: string; familyNameJa: string; givenNameJa: string; familyNameEn: string; givenNameEn: string; email: string }[] }>('/api/people', { q: q || undefined, pageSize: 20 }, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
export function useAssetSearch(q: string, enabled: boolean) {
  return useQuery({
    queryKey: [...KEY, 'pick', q],
    queryFn: ({ signal }) => api.get<AssetPage>('/api/assets', { q: q || undefined, pageSize: 20 }, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}
