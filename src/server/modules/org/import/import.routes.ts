import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { z } from 'zod';
import { importsApi as i } from '../../../../shared/api/imports.js';
import { ImportEncoding } from '../../../../shared/org.js';
import type { AppContext } from '../../../context.js';
import { ValidationError } from '../../../errors.js';
import type { App, Req } from '../../../http.js';
import { route } from '../../../route.js';
import { ImportService, type Upload } from './import.service.js';
import { contentDisposition } from '../../../files/content-disposition.js';

// Spellings people and tools actually send for the two encodings.
const ENCODING_ALIASES: Record<string, z.infer<typeof ImportEncoding>> = {
  '': 'auto',
  utf8: 'utf-8',
  sjis: 'shift_jis',
  'shift-jis': 'shift_jis',
  cp932: 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
};

const services = new WeakMap<object, ImportService>();

/** The import service registered on an app (tests use it to await a job with `waitFor`). */
export function importServiceOf(app: object): ImportService {
  const svc = services.get(app);
  if (!svc) throw new Error('import routes are not registered on this app');
  return svc;
}

function fileNameOf(raw: string | undefined): string {
  // Browsers send a bare name, but some clients send a full Windows or POSIX path.
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '').split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 255);
  return name || 'upload.csv';
}

type Field = MultipartFile | MultipartValue | (MultipartFile | MultipartValue)[] | undefined;

function encodingOf(field: Field) {
  if (field === undefined) return 'auto' as const;
  const raw = Array.isArray(field) || field.type !== 'field' ? null : String(field.value).trim().toLowerCase();
  const parsed = ImportEncoding.safeParse(raw === null ? null : (ENCODING_ALIASES[raw] ?? raw));
  if (!parsed.success) throw new ValidationError('The encoding must be auto, utf-8 or shift_jis.', [{ path: 'encoding', message: 'must be auto, utf-8 or shift_jis' }]);
  return parsed.data;
}

/** The XLSX sheet asked for (name or 1-based position); empty means the first sheet. */
function sheetOf(field: Field): string | null {
  if (field === undefined) return null;
  if (Array.isArray(field) || field.type !== 'field') throw new ValidationError('The sheet must be a sheet name or number.', [{ path: 'sheet', message: 'must be text' }]);
  const v = String(field.value).trim();
  if (v.length > 100) throw new ValidationError('The sheet name is too long.', [{ path: 'sheet', message: 'at most 100 characters' }]);
  return v || null;
}

/**
 * Reads the multipart upload: optional `encoding` (CSV) and `sheet` (XLSX) fields, then the `file`
 * part, at most `maxFileBytes` (the kind's limit; more is 413).
 */
async function readUpload(req: Req, maxFileBytes: number): Promise<Upload> {
  const part = await req.file({ limits: { fileSize: maxFileBytes, files: 1, fields: 5 } });
  if (!part || part.fieldname !== 'file') {
    part?.file.resume(); // drain an unexpected part so the request can finish
    throw new ValidationError('Attach the CSV or XLSX file in a form field named "file".', [{ path: 'file', message: 'required' }]);
  }
  let encoding: Upload['encoding'];
  let sheet: string | null;
  try {
    encoding = encodingOf(part.fields.encoding);
    sheet = sheetOf(part.fields.sheet);
  } catch (e) {
    part.file.resume();
    throw e;
  }
  return { fileName: fileNameOf(part.filename), data: await part.toBuffer(), encoding, sheet };
}

/** CSV and XLSX import of institutions, people and assets: jobs, progress, templates. */
export function registerImportRoutes(app: App, ctx: AppContext): void {
  const imports = new ImportService(ctx, app.log);
  services.set(app, imports);
  // Shutdown waits for running imports: each one either commits whole or is recorded as failed.
  app.addHook('onClose', () => imports.drain());

  route(app, i.start, async (req) => imports.start(req.actor, req.params.kind, (max) => readUpload(req, max)));
  route(app, i.get, async (req) => imports.get(req.actor, req.params.id));
  route(app, i.template, async (req, reply) => {
    const t = await imports.template(req.actor, req.params.kind, req.query.lang, req.query.format);
    return reply.header('content-type', t.contentType).header('content-disposition', contentDisposition(t.fileName)).send(t.body);
  });
}
