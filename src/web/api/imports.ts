import { useQuery } from '@tanstack/react-query';
import type { ImportJobDto, ImportKind } from '../../shared/org.js';
import { api, upload, type UploadHandle } from './client.js';

export type ImportEncodingChoice = 'auto' | 'utf-8' | 'shift_jis';

const FINISHED = new Set<ImportJobDto['status']>(['succeeded', 'failed']);

/** Whether an import job has stopped changing. */
export function isFinished(job: ImportJobDto | undefined): boolean {
  return !!job && FINISHED.has(job.status);
}

/** The URL of a CSV template (UTF-8 with BOM, headers in the chosen language). */
export function templateUrl(kind: ImportKind, lang: 'ja' | 'en'): string {
  return `/api/imports/templates/${kind}?lang=${lang}`;
}

/** Starts an import. The server reads `encoding` before `file`, so the order matters. */
export function startImport(kind: ImportKind, encoding: ImportEncodingChoice, file: File, onProgress: (f: number) => void): UploadHandle<ImportJobDto> {
  const form = new FormData();
  form.append('encoding', encoding);
  form.append('file', file, file.name);
  return upload<ImportJobDto>(`/api/imports/${kind}`, form, onProgress);
}

/** Polls an import job every 300 ms until it has finished. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => api.get<ImportJobDto>(`/api/imports/${id}`, undefined, signal),
    enabled: !!id,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : 300),
    refetchIntervalInBackground: true,
  });
}
