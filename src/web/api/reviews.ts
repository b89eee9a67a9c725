import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CampaignDto, CampaignList, DecideItem, ReviewItemDto, ReviewItemPage, ReviewItemStatus, StartCampaignInput } from '../../shared/reviews.js';
import { api } from './client.js';

const KEY = ['access-reviews'] as const;

export function useCampaigns() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: ({ signal }) => api.get<CampaignList>('/api/access-reviews', undefined, signal) });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => api.get<CampaignDto>(`/api/access-reviews/${id}`, undefined, signal), enabled: !!id });
}

export function useCampaignItems(id: string | undefined, page: number, status: ReviewItemStatus | undefined) {
  return useQuery({
    queryKey: [...KEY, 'items', id, page, status],
    queryFn: ({ signal }) => api.get<ReviewItemPage>(`/api/access-reviews/${id}/items`, { page, pageSize: 100, status }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

/** My open review items (site coordinators: their institution's researchers; the data center: its own items). */
export function useReviewTasks(enabled = true) {
  return useQuery({ queryKey: [...KEY, 'tasks'], queryFn: ({ signal }) => api.get<ReviewItemPage>('/api/access-reviews/tasks', { pageSize: 500 }, signal), enabled });
}

export function useStartCampaign() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: StartCampaignInput) => api.post<CampaignDto>('/api/access-reviews', body), onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useCloseCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => api.post<CampaignDto>(`/api/access-reviews/${id}/close`), onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useDecideItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: DecideItem & { id: string }) => api.post<ReviewItemDto>(`/api/access-reviews/items/${id}/decision`, body),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useBulkConfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (itemIds: string[]) => api.post<{ confirmed: number; skipped: number }>('/api/access-reviews/items/bulk-confirm', { itemIds }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** The report's address; the browser downloads it with the session cookie. */
export const reportUrl = (id: string, format: 'csv' | 'pdf', lang: 'ja' | 'en') => `/api/access-reviews/${id}/report.${format}?lang=${lang}`;
