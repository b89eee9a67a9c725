import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { auditApi } from '../../shared/api/audit.js';
import type { AuditAction } from '../../shared/audit.js';
import { call, callForFile, saveBlob } from './client.js';

export interface AuditFilters {
  actorPersonId?: string;
  action?: AuditAction;
  targetType?: string;
  targetId?: string;
  from?: string;
  to?: string;
}

export function useAuditPage(page: number, pageSize: number, filters: AuditFilters) {
  return useQuery({
    queryKey: ['audit', 'list', page, pageSize, filters],
    queryFn: ({ signal }) => call(auditApi.list, { query: { page, pageSize, ...filters } }, signal),
    placeholderData: keepPreviousData,
  });
}

/** Verifying and exporting are audited themselves, so the list is refreshed afterwards. */
function useRefreshAuditList() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: ['audit', 'list'] });
}

export function useVerifyAudit() {
  const refresh = useRefreshAuditList();
  return useMutation({ mutationFn: () => call(auditApi.verify), onSettled: refresh });
}

/** Asks the server for a signed checkpoint and saves it as mamori-audit-checkpoint-<seq>.json. */
export function useExportCheckpoint() {
  const refresh = useRefreshAuditList();
  return useMutation({
    onSettled: refresh,
    mutationFn: async () => {
      const { blob, fileName } = await callForFile(auditApi.checkpoint);
      const seq = await checkpointSeq(blob);
      const name = seq !== null ? `mamori-audit-checkpoint-${seq}.json` : (fileName ?? 'mamori-audit-checkpoint.json');
      // keep the server's bytes as they are: the signature covers them
      saveBlob(new Blob([blob], { type: 'application/json' }), name);
      return { seq, fileName: name };
    },
  });
}

async function checkpointSeq(blob: Blob): Promise<number | null> {
  try {
    const json = JSON.parse(await blob.text()) as Record<string, unknown>;
    const candidates = [json.seq, json.lastSeq, (json.checkpoint as Record<string, unknown> | undefined)?.seq];
    const seq = candidates.find((v) => typeof v === 'number');
    return typeof seq === 'number' ? seq : null;
  } catch {
    return null;
  }
}
