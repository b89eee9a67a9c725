import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { reviewsApi as r } from '../../shared/api/reviews.js';
import type { DecideItem, ReviewItemStatus, StartCampaignInput } from '../../shared/reviews.js';
import { call, hrefOf } from './client.js';

const KEY = ['access-reviews'] as const;

export function useCampaigns() {
  return useQuery({ queryKey: [...KEY, 'list'], queryFn: ({ signal }) => call(r.list, {}, signal) });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: [...KEY, 'one', id], queryFn: ({ signal }) => call(r.get, { params: { id: id! } }, signal), enabled: !!id });
}

export function useCampaignItems(id: string | undefined, page: number, status: ReviewItemStatus | undefined) {
  return useQuery({
    queryKey: [...KEY, 'items', id, page, status],
    queryFn: ({ signal }) => call(r.items, { params: { id: id! }, query: { page, pageSize: 100, status } }, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}

/** My open review items (site coordinators: their institution's researchers; the data center: its own items). */
export function useReviewTasks(enabled = true) {
  return useQuery({ queryKey: [...KEY, 'tasks'], queryFn: ({ signal }) => call(r.tasks, { query: { pageSize: 500 } }, signal), enabled });
}

export function useStartCampaign() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: (body: StartCampaignInput) => call(r.start, { body }), onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useCloseCampaign(id: string) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: () => call(r.close, { params: { id } }), onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export function useDecideItem() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: DecideItem & { id: string }) => call(r.decide, { params: { id }, body }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

export function useBulkConfirm() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (itemIds: string[]) => call(r.bulkConfirm, { body: { itemIds } }),
    onSettled: () => qc.invalidateQueries({ queryKey: KEY }),
  });
}

/** The report's address; the browser downloads it with the session cookie. */
export const reportUrl = (id: string, format: 'csv' | 'pdf', lang: 'ja' | 'en') => hrefOf(format === 'csv' ? r.reportCsv : r.reportPdf, { params: { id }, query: { lang } });
