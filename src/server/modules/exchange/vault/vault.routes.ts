import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CreateUpload, UPLOAD_CONTENT_TYPE, UploadDto, UploadIdParam } from '../../../../shared/exchange-vault.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import type { App } from '../../../http.js';
import { UploadService, type UploadInfo } from './upload.js';


const dto = (u: UploadInfo): UploadDto => ({ ...u, expiresAt: u.expiresAt.toISOString() });

const OffsetHeaders = z.looseObject({ 'upload-offset': z.coerce.number().int().min(0) });

/**
 * The vault's upload routes (resumable, streamed; see src/shared/exchange-vault.ts for the
 * protocol) and its housekeeping job. The PATCH body parser lives in this encapsulated plugin
 * only, so the rest of the application keeps its own body limits and multipart setup.
 */
export function registerVaultRoutes(app: App, ctx: AppContext): void {
  const uploads = new UploadService(ctx);
  const tags = ['exchange'];

  app.post('/api/exchange/uploads', { schema: { tags, body: CreateUpload, response: { 201: UploadDto } } }, async (req, reply) =>
    reply.code(201).send(dto(await uploads.create(req.actor, req.body))),
  );

  // GET, and the HEAD Fastify derives from it: the offset is also a header, for clients that only HEAD.
  app.get('/api/exchange/uploads/:id', { schema: { tags, params: UploadIdParam, response: { 200: UploadDto } } }, async (req, reply) => {
    const u = await uploads.status(req.actor, req.params.id);
    reply.header('upload-offset', String(u.offset)).header('upload-length', String(u.size)).header('cache-control', 'no-store');
    return dto(u);
  });

  app.delete('/api/exchange/uploads/:id', { schema: { tags, params: UploadIdParam, response: { 204: z.null() } } }, async (req, reply) => {
    await uploads.abandon(req.actor, req.params.id);
    return reply.code(204).send(null);
  });

  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // The body stays a stream: it goes through the hash and the cipher to the store, never whole into memory.
    scope.addContentTypeParser(UPLOAD_CONTENT_TYPE, (_req, payload, done) => done(null, payload));
    // A request refused before its body was read: close the connection rather than read the rest.
    scope.addHook('onSend', async (req, reply) => {
      if (reply.statusCode >= 400 && !req.raw.readableEnded) reply.header('connection', 'close');
    });
    scope.patch(
      '/api/exchange/uploads/:id',
      { schema: { tags, params: UploadIdParam, headers: OffsetHeaders, response: { 200: UploadDto } } },
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const length = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null;
        if (type !== UPLOAD_CONTENT_TYPE && !(type === '' && (length ?? 0) === 0)) {
          throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the bytes as ${UPLOAD_CONTENT_TYPE}.`);
        }
        const body = type === UPLOAD_CONTENT_TYPE ? (req.body as Readable) : null;
        try {
          const u = await uploads.append(req.actor, req.params.id, req.headers['upload-offset'], body, length !== null && Number.isSafeInteger(length) ? length : null);
          reply.header('upload-offset', String(u.offset)).header('cache-control', 'no-store');
          return dto(u);
        } catch (e) {
          const offset = (e as { details?: { offset?: unknown } }).details?.offset;
          if (typeof offset === 'number') reply.header('upload-offset', String(offset));
          throw e;
        }
      },
    );
  });
}
