import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { exchangeApi as e } from '../../../shared/api/exchange.js';
import type { CreateTransferInput, ExceptionStatus, UpdateExchangeSettings, UpdateTransferInput, WaiveColumn } from '../../../shared/exchange.js';
import { call, hrefOf } from '../../api/client.js';

const KEY = ['exchange'] as const;

export function useExchangeOptions() {
  return useQuery({ queryKey: [...KEY, 'options'], queryFn: ({ signal }) => call(e.options, {}, signal), staleTime: 60_000 });
}

export function useDirectory(q: string) {
  return useQuery({
    queryKey: [...KEY, 'directory', q],
    queryFn: ({ signal }) => call(e.directory, { query: { q } }, signal),
    enabled: q.trim().length > 0,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useTransfers(box: 'inbox' | 'outbox', page: number) {
  return useQuery({
    queryKey: [...KEY, 'list', box, page],
    queryFn: ({ signal }) => call(e.list, { query: { box, page, pageSize: 50 } }, signal),
    placeholderData: keepPreviousData,
  });
}

/** A transfer; polled while its files are being scanned. */
export function useTransfer(id: string | undefined) {
  return useQuery({
    queryKey: [...KEY, 'one', id],
    queryFn: ({ signal }) => call(e.get, { params: { id: id! } }, signal),
    enabled: !!id,
    retry: false,
    refetchInterval: (q) => {
      const t = q.state.data;
      return t && (t.state === 'awaiting_scan' || t.fileList.some((f) => !f.removedAt && (f.scanStatus === 'pending' || f.scanStatus === 'scanning'))) ? 1500 : false;
    },
  });
}

export function useCustody(id: string | undefined, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'custody', id], queryFn: ({ signal }) => call(e.custody, { params: { id: id! } }, signal), enabled: !!id && enabled, retry: false });
}

function useExchangeMutation<V, R>(fn: (v: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: KEY }) });
}

export const useCreateTransfer = () => useExchangeMutation((body: CreateTransferInput) => call(e.create, { body }));
export const useUpdateTransfer = (id: string) => useExchangeMutation((body: UpdateTransferInput) => call(e.update, { params: { id }, body }));
export const useAttach = (id: string) => useExchangeMutation((uploadId: string) => call(e.attach, { params: { id }, body: { uploadId } }));
export const useRemoveFile = (id: string) => useExchangeMutation((fileId: string) => call(e.removeFile, { params: { id, fileId } }));
export const useRelease = (id: string) => useExchangeMutation(() => call(e.release, { params: { id } }));
export const useWithdraw = (id: string) => useExchangeMutation((reason: string | null) => call(e.withdraw, { params: { id }, body: { reason } }));
export const useWaive = (id: string) => useExchangeMutation((body: WaiveColumn) => call(e.waive, { params: { id }, body }));
export const useRequestException = (id: string) => useExchangeMutation((reason: string) => call(e.requestException, { params: { id }, body: { reason } }));
export const useDecideApproval = (id: string) =>
  useExchangeMutation((body: { decision: 'approve' | 'reject'; reason: string | null }) => call(e.decideApproval, { params: { id }, body }));

export function useApprovals() {
  return useQuery({ queryKey: [...KEY, 'approvals'], queryFn: ({ signal }) => call(e.approvals, {}, signal) });
}

export function useExceptions(status: ExceptionStatus, page: number) {
  return useQuery({
    queryKey: [...KEY, 'exceptions', status, page],
    queryFn: ({ signal }) => call(e.exceptions, { query: { status, page, pageSize: 50 } }, signal),
    placeholderData: keepPreviousData,
  });
}
export const useDecideException = () =>
  useExchangeMutation(({ id, ...body }: { id: string; decision: 'approve' | 'reject'; reason: string }) => call(e.decideException, { params: { id }, body }));

export function useWaivers(page: number, enabled = true) {
  return useQuery({ queryKey: [...KEY, 'waivers', page], queryFn: ({ signal }) => call(e.waivers, { query: { page, pageSize: 50 } }, signal), enabled, placeholderData: keepPreviousData });
}

export function useHolds(active: boolean) {
  return useQuery({ queryKey: [...KEY, 'holds', active], queryFn: ({ signal }) => call(e.holds, { query: { active: active ? 'true' : 'false' } }, signal) });
}
export const useSetHold = () => useExchangeMutation((body: { transferId: string | null; reason: string }) => call(e.setHold, { body }));
export const useReleaseHold = () => useExchangeMutation(({ id, reason }: { id: string; reason: string }) => call(e.releaseHold, { params: { id }, body: { reason } }));

export function useExchangeSettings() {
  return useQuery({ queryKey: [...KEY, 'settings'], queryFn: ({ signal }) => call(e.settings, {}, signal) });
}
export const useSaveSettings = () => useExchangeMutation((body: UpdateExchangeSettings) => call(e.updateSettings, { body }));

/** Where the browser downloads a file (with the session cookie; the server records it). */
export const contentUrl = (transferId: string, fileId: string) => hrefOf(e.content, { params: { id: transferId, fileId } });
