import type { Readable } from 'node:stream';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { vaultApi as v } from '../../../../shared/api/exchange.js';
import { UPLOAD_CONTENT_TYPE, type UploadDto } from '../../../../shared/exchange-vault.js';
import type { AppContext } from '../../../context.js';
import { AppError } from '../../../errors.js';
import type { App } from '../../../http.js';
import { route } from '../../../route.js';
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

  route(app, v.create, async (req) => dto(await uploads.create(req.actor, req.body)));

  // GET, and the HEAD Fastify derives from it: the offset is also a header, for clients that only HEAD.
  route(app, v.status, async (req, reply) => {
    const u = await uploads.status(req.actor, req.params.id);
    reply.header('upload-offset', String(u.offset)).header('upload-length', String(u.size)).header('cache-control', 'no-store');
    return dto(u);
  });

  route(app, v.abandon, async (req) => {
    await uploads.abandon(req.actor, req.params.id);
    return null;
  });

  void app.register(async (plugin) => {
    const scope = plugin.withTypeProvider<ZodTypeProvider>();
    // The body stays a stream: it goes through the hash and the cipher to the store, never whole into memory.
    scope.addContentTypeParser(UPLOAD_CONTENT_TYPE, (_req, payload, done) => done(null, payload));
    // A request refused before its body was read: close the connection rather than read the rest.
    scope.addHook('onSend', async (req, reply) => {
      if (reply.statusCode >= 400 && !req.raw.readableEnded) reply.header('connection', 'close');
    });
    route(
      scope,
      v.append,
      async (req, reply) => {
        const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
        const length = req.headers['content-length'] !== undefined ? Number(req.headers['content-length']) : null;
        if (type !== UPLOAD_CONTENT_TYPE && !(type === '' && (length ?? 0) === 0)) {
          throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', `Send the bytes as ${UPLOAD_CONTENT_TYPE}.`);
        }
        const body = type === UPLOAD_CONTENT_TYPE ? (req.body as unknown as Readable) : null;
        // Validated and coerced to a number by the OffsetHeaders schema.
        const offset = Number(req.headers['upload-offset']);
        try {
          const u = await uploads.append(req.actor, req.params.id, offset, body, length !== null && Number.isSafeInteger(length) ? length : null);
          reply.header('upload-offset', String(u.offset)).header('cache-control', 'no-store');
          return dto(u);
        } catch (e) {
          const at = (e as { details?: { offset?: unknown } }).details?.offset;
          if (typeof at === 'number') reply.header('upload-offset', String(at));
          throw e;
        }
      },
      { headers: OffsetHeaders },
    );
  });
}
