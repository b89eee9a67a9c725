import { useQuery } from '@tanstack/react-query';
import { importsApi } from '../../shared/api/imports.js';
import { fillPath, type ResponseOf } from '../../shared/api/endpoint.js';
import type { ImportJobDto, ImportKind } from '../../shared/org.js';
import { call, hrefOf, upload, type UploadHandle } from './client.js';

export type ImportEncodingChoice = 'auto' | 'utf-8' | 'shift_jis';

const FINISHED = new Set<ImportJobDto['status']>(['succeeded', 'failed']);

/** Whether an import job has stopped changing. */
export function isFinished(job: ImportJobDto | undefined): boolean {
  return !!job && FINISHED.has(job.status);
}

/** The URL of a template: CSV (UTF-8 with BOM) or XLSX, headers in the chosen language. */
export function templateUrl(kind: ImportKind, lang: 'ja' | 'en', format: 'csv' | 'xlsx' = 'csv'): string {
  return hrefOf(importsApi.template, { params: { kind }, query: { lang, format: format === 'xlsx' ? 'xlsx' : undefined } });
}

/** Whether a chosen file is an Excel workbook (the server also checks its bytes). */
export const isWorkbook = (file: File | null) => !!file && /\.xls[xm]$/i.test(file.name);

/** Starts an import. The server reads `encoding` and `sheet` before `file`, so the order matters. */
export function startImport(kind: ImportKind, encoding: ImportEncodingChoice, file: File, onProgress: (f: number) => void, sheet?: string): UploadHandle<ResponseOf<typeof importsApi.start>> {
  const form = new FormData();
  form.append('encoding', encoding);
  if (sheet?.trim()) form.append('sheet', sheet.trim());
  form.append('file', file, file.name);
  return upload<ResponseOf<typeof importsApi.start>>(fillPath(importsApi.start.path, { kind }), form, onProgress);
}

/** Polls an import job every 300 ms until it has finished. */
export function useImportJob(id: string | null) {
  return useQuery({
    queryKey: ['imports', id],
    queryFn: ({ signal }) => call(importsApi.get, { params: { id: id! } }, signal),
    enabled: !!id,
    refetchInterval: (q) => (isFinished(q.state.data) ? false : 300),
    refetchIntervalInBackground: true,
  });
}
