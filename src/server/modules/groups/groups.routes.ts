import { groupsApi as g } from '../../../shared/api/groups.js';
import { DOCUMENT_MAX_BYTES } from '../../../shared/groups.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import { contentDisposition } from '../../files/content-disposition.js';
import type { App, Req } from '../../http.js';
import { route } from '../../route.js';
import { GroupContentService, type Reader, type Upload } from './content.service.js';
import { GroupCredentialService } from './credentials.service.js';
import { GroupAccessService } from './group-access.service.js';
import { GroupIdService } from './group-ids.service.js';
import { groupCookieName, groupCookieOptions, GROUP_SESSION_MS } from './group-session.js';

/** Who is reading member-only content: the person, or the group session the onRequest hook found. */
const readerOf = (req: Req): Reader => ({ actor: req.actor, group: req.session ? null : req.groupAccess });

function fileNameOf(raw: string | undefined): string {
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '').split(/[\\/]/).pop()?.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return name || 'document';
}

/** Reads the multipart upload: text fields, then one `file` part (DOCUMENT_MAX_BYTES at most; more is 413). */
async function readUpload(req: Req): Promise<Upload> {
  if (!req.isMultipart()) throw new ValidationError('Send the document as multipart/form-data.', [{ path: 'file', message: 'required' }]);
  const fields: Record<string, string> = {};
  let file: { fileName: string; data: Buffer } | null = null;
  for await (const part of req.parts({ limits: { fileSize: DOCUMENT_MAX_BYTES } })) {
    if (part.type === 'file') {
      if (part.fieldname !== 'file' || file) {
        part.file.resume();
        continue;
      }
      file = { fileName: fileNameOf(part.filename), data: await part.toBuffer() };
    } else if (typeof part.value === 'string') {
      fields[part.fieldname] = part.value;
    }
  }
  if (!file) throw new ValidationError('Attach the document in a form field named "file".', [{ path: 'file', message: 'required' }]);
  return { ...file, fields };
}

/** Group IDs and member-only content (P32-2.1.3d, e). */
export function registerGroupRoutes(app: App, ctx: AppContext): void {
  const ids = new GroupIdService(ctx);
  const creds = new GroupCredentialService(ctx);
  const access = new GroupAccessService(ctx);
  const content = new GroupContentService(ctx);
  const signInLimit = { max: ctx.config.signInRateLimit, timeWindow: '1 minute' };

  // ---- my group IDs --------------------------------------------------------------------------
  route(app, g.mine, async (req) => ({ items: await ids.mine(req.actor) }));
  route(app, g.reveal, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return ids.reveal(req.actor, req.params.groupId);
  });
  route(app, g.resendCandidates, async (req) => ({ items: await ids.resendCandidates(req.actor, req.params.groupId) }));
  route(app, g.resend, async (req) => {
    await ids.resend(req.actor, req.params.groupId, req.body.personId);
    return null;
  });

  // ---- the data center: rotation, schedule, proposals, roster ---------------------------------
  route(app, g.credentials, async (req) => ({ items: await creds.list(req.actor) }));
  route(app, g.credential, async (req) => creds.detail(req.actor, req.params.groupId));
  route(app, g.rotate, async (req) => creds.rotate(req.actor, req.params.groupId));
  route(app, g.setSchedule, async (req) => {
    await creds.setSchedule(req.actor, req.params.groupId, req.body.intervalDays);
    return null;
  });
  route(app, g.proposals, async (req) => ({ items: await creds.proposals(req.actor, req.query.status) }));
  route(app, g.acceptProposal, async (req) => creds.accept(req.actor, req.params.id));
  route(app, g.dismissProposal, async (req) => creds.dismiss(req.actor, req.params.id, req.body.reason));

  // ---- signing in with a group ID: a read-only session for one group's content -----------------
  route(
    app,
    g.signIn,
    async (req, reply) => {
      const s = await access.signIn(req.actor, req.body.groupId, req.body.password);
      reply.setCookie(groupCookieName(ctx), s.token, { ...groupCookieOptions(ctx), maxAge: Math.floor(GROUP_SESSION_MS / 1000) });
      reply.header('cache-control', 'no-store');
      return s.session;
    },
    { config: { public: true, rateLimit: signInLimit } },
  );
  route(
    app,
    g.session,
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      const token = req.cookies[groupCookieName(ctx)];
      const s = await access.current(token);
      if (!s.active && token) reply.clearCookie(groupCookieName(ctx), { path: '/' });
      return s;
    },
    { config: { public: true } },
  );
  route(
    app,
    g.signOut,
    async (req, reply) => {
      await access.signOut(req.cookies[groupCookieName(ctx)]);
      reply.clearCookie(groupCookieName(ctx), { path: '/' });
      return null;
    },
    { config: { public: true } },
  );

  // ---- member-only content: reading (a member's account or a group session) -------------------
  const readable = { config: { allowGroup: true } } as const;
  route(
    app,
    g.content,
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return content.list(readerOf(req), req.params.groupId);
    },
    readable,
  );
  route(
    app,
    g.contentItem,
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return content.read(readerOf(req), req.params.groupId, req.params.itemId);
    },
    readable,
  );
  route(
    app,
    g.contentFile,
    async (req, reply) => {
      const f = await content.file(readerOf(req), req.params.groupId, req.params.itemId);
      return reply
        .header('content-type', f.contentType)
        .header('content-disposition', contentDisposition(f.fileName))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .send(f.stream);
    },
    readable,
  );

  // ---- member-only content: publishing (administrators, the group's study office) -------------
  route(app, g.publishNotice, async (req) => content.publishNotice(req.actor, req.params.groupId, req.body));
  route(app, g.publishDocument, async (req) => content.publishDocument(req.actor, req.params.groupId, () => readUpload(req)));
  route(app, g.updateContent, async (req) => content.update(req.actor, req.params.groupId, req.params.itemId, req.body));
  route(app, g.withdrawContent, async (req) => content.withdraw(req.actor, req.params.groupId, req.params.itemId, req.body.reason));
}
