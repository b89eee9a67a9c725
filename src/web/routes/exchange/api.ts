import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ApprovalQueue,
  CreateTransferInput,
  CustodyList,
  DirectoryResult,
  ExceptionQueue,
  ExceptionStatus,
  ExchangeOptions,
  ExchangeSettingsDto,
  HoldDto,
  HoldList,
  TransferDto,
  TransferPage,
  UpdateExchangeSettings,
  UpdateTransferInput,
  WaiveColumn,
  WaiverList,
} from '../../../shared/exchange.js';
import { api } from '../../api/client.js';

const KEY = ['exchange'] as const;

export function useExchangeOptions() {
  return useQuery({ queryKey: [...KEY, 'options'], queryFn: ({ signal }) => api.get<ExchangeOptions>('/api/exchange/options', undefined, signal), staleTime: 60_000 });
}

export function useDirectory(q: string) {
  return useQuery({
    queryKey: [...KEY, 'directory', q],
    queryFn: ({ signal }) => api.get<DirectoryResult>('/api/exchange/directory', { q }, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useTransfers(box: 'inbox' | 'outbox', page: number) {
  return useQuery({
    queryKey: [...KEY, 'list', box, page],
    queryFn: ({ signal }) => api.get<TransferPage>('/api/exchange/transfers', { box, page, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
}

/** A transfer; polled while its files are being scanned. */
export function useTransfer(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: ({ signal }) => api.get<TransferDto>(`/api/exchange/transfers/${id}`, undefined, signal),
    enabled: !!id,
    retry: false,
    refetchInterval: (q) => {
      const t = q.state.data;
      return t && (t.state === 'awaiting_scan' || t.fileList.some((f) => !f.removedAt && (f.scanStatus === 'pending' || f.scanStatus === 'scanning'))) ? 1500 : false;
    },
  });
}

export function useCustody(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'custody', id], queryFn: ({ signal }) => api.get<CustodyList>(`/api/exchange/transfers/${id}/custody`, undefined, signal), enabled: !!id && enabled, retry: false });
}

function useExchangeMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useCreateTransfer = () => useExchangeMutation((body: CreateTransferInput) => api.post<TransferDto>('/api/exchange/transfers', body));
export const useUpdateTransfer = (id: string) => useExchangeMutation((body: UpdateTransferInput) => api.patch<TransferDto>(`/api/exchange/transfers/${id}`, body));
export const useAttach = (id: string) => useExchangeMutation((uploadId: string) => api.post<TransferDto>(`/api/exchange/transfers/${id}/files`, { uploadId }));
export const useRemoveFile = (id: string) => useExchangeMutation((fileId: string) => api.delete<TransferDto>(`/api/exchange/transfers/${id}/files/${fileId}`));
export const useRelease = (id: string) => useExchangeMutation(() => api.post<TransferDto>(`/api/exchange/transfers/${id}/release`));
export const useWithdraw = (id: string) => useExchangeMutation((reason: string | null) => api.post<TransferDto>(`/api/exchange/transfers/${id}/withdraw`, { reason }));
export const useWaive = (id: string) => useExchangeMutation((body: WaiveColumn) => api.post<TransferDto>(`/api/exchange/transfers/${id}/waivers`, body));
export const useRequestException = (id: string) => useExchangeMutation((reason: string) => api.post<TransferDto>(`/api/exchange/transfers/${id}/exception-requests`, { reason }));
export const useDecideApproval = (id: string) =>
  useExchangeMutation((body: { decision: 'approve' | 'reject'; reason: string | null }) => api.post<TransferDto>(`/api/exchange/transfers/${id}/approval`, body));

export function useApprovals() {
  return useQuery({ queryKey: [...KEY, 'approvals'], queryFn: ({ signal }) => api.get<ApprovalQueue>('/api/exchange/approvals', undefined, signal) });
}

export function useExceptions(status: ExceptionStatus, page: number) {
  return useQuery({
    queryKey: [...KEY, 'exceptions', status, page],
    queryFn: ({ signal }) => api.get<ExceptionQueue>('/api/exchange/exceptions', { status, page, pageSize: 50 }, signal),
    placeholderData: keepPreviousData,
  });
}
export const useDecideException = () =>
  useExchangeMutation(({ id, ...body }: { id: string; decision: 'approve' | 'reject'; reason: string }) => api.post<TransferDto>(`/api/exchange/exceptions/${id}/decision`, body));

export function useWaivers(page: number, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'waivers', page], queryFn: ({ signal }) => api.get<WaiverList>('/api/exchange/waivers', { page, pageSize: 50 }, signal), enabled, placeholderData: keepPreviousData });
}

export function useHolds(active: boolean) {
  return useQuery({ queryKey: [...KEY, 'holds', active], queryFn: ({ signal }) => api.get<HoldList>('/api/exchange/holds', { active }, signal) });
}
export const useSetHold = () => useExchangeMutation((body: { transferId: string | null; reason: string }) => api.post<HoldDto>('/api/exchange/holds', body));
export const useReleaseHold = () => useExchangeMutation(({ id, reason }: { id: string; reason: string }) => api.post<HoldDto>(`/api/exchange/holds/${id}/release`, { reason }));

export function useExchangeSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => api.get<ExchangeSettingsDto>('/api/exchange/settings', undefined, signal) });
}
export const useSaveSettings = () => useExchangeMutation((body: UpdateExchangeSettings) => api.put<ExchangeSettingsDto>('/api/exchange/settings', body));

/** Where the browser downloads a file (with the session cookie; the server records it). */
export const contentUrl = (transferId: string, fileId: string) => `/api/exchange/transfers/${transferId}/files/${fileId}/content`;
