import { z } from 'zod';
import {
  ContentItemDto,
  ContentList,
  DismissProposal,
  DOCUMENT_MAX_BYTES,
  GroupCredentialDetail,
  GroupCredentialList,
  GroupSessionDto,
  GroupSignIn,
  MyGroupList,
  ProposalQuery,
  PublishNotice,
  ResendCandidateList,
  ResendGroupId,
  RevealedGroupId,
  RotationProposalDto,
  RotationProposalList,
  SetRotationSchedule,
  UpdateContent,
  WithdrawContent,
} from '../../../shared/groups.js';
import type { AppContext } from '../../context.js';
import { ValidationError } from '../../errors.js';
import type { App, Req } from '../../http.js';
import { GroupContentService, type Reader, type Upload } from './content.service.js';
import { GroupCredentialService } from './credentials.service.js';
import { endGroupSession, groupCookieName, groupCookieOptions, loadGroupAccess, GROUP_SESSION_MS } from './group-session.js';
import { contentDisposition } from '../../files/content-disposition.js';

const GroupParam = z.object({ groupId: z.uuid() });
const ItemParam = z.object({ groupId: z.uuid(), itemId: z.uuid() });
const IdParam = z.object({ id: z.uuid() });
const Rotated = z.object({ version: z.number().int(), sessionsEnded: z.number().int(), notified: z.number().int() });

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
  const creds = new GroupCredentialService(ctx);
  const content = new GroupContentService(ctx);
  const tags = ['groups'];
  const signInLimit = { max: ctx.config.signInRateLimit, timeWindow: '1 minute' };

  // ---- my group IDs --------------------------------------------------------------------------
  app.get('/api/group-ids/mine', { schema: { tags, response: { 200: MyGroupList } } }, async (req) => ({ items: await creds.mine(req.actor) }));

  app.post('/api/group-ids/:groupId/reveal', { schema: { tags, params: GroupParam, response: { 200: RevealedGroupId } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return creds.reveal(req.actor, req.params.groupId);
  });

  app.get('/api/group-ids/:groupId/resend-candidates', { schema: { tags, params: GroupParam, response: { 200: ResendCandidateList } } }, async (req) => ({
    items: await creds.resendCandidates(req.actor, req.params.groupId),
  }));

  app.post('/api/group-ids/:groupId/resend', { schema: { tags, params: GroupParam, body: ResendGroupId, response: { 204: z.null() } } }, async (req, reply) => {
    await creds.resend(req.actor, req.params.groupId, req.body.personId);
    return reply.code(204).send(null);
  });

  // ---- the data center: rotation, schedule, proposals, roster ---------------------------------
  app.get('/api/group-credentials', { schema: { tags, response: { 200: GroupCredentialList } } }, async (req) => ({ items: await creds.list(req.actor) }));

  app.get('/api/group-credentials/:groupId', { schema: { tags, params: GroupParam, response: { 200: GroupCredentialDetail } } }, async (req) => creds.detail(req.actor, req.params.groupId));

  app.post('/api/group-credentials/:groupId/rotate', { schema: { tags, params: GroupParam, response: { 200: Rotated } } }, async (req) => creds.rotate(req.actor, req.params.groupId));

  app.patch('/api/group-credentials/:groupId/schedule', { schema: { tags, params: GroupParam, body: SetRotationSchedule, response: { 204: z.null() } } }, async (req, reply) => {
    await creds.setSchedule(req.actor, req.params.groupId, req.body.intervalDays);
    return reply.code(204).send(null);
  });

  app.get('/api/group-rotation-proposals', { schema: { tags, querystring: ProposalQuery, response: { 200: RotationProposalList } } }, async (req) => ({
    items: await creds.proposals(req.actor, req.query.status),
  }));

  app.post('/api/group-rotation-proposals/:id/accept', { schema: { tags, params: IdParam, response: { 200: RotationProposalDto } } }, async (req) => creds.accept(req.actor, req.params.id));

  app.post('/api/group-rotation-proposals/:id/dismiss', { schema: { tags, params: IdParam, body: DismissProposal, response: { 200: RotationProposalDto } } }, async (req) =>
    creds.dismiss(req.actor, req.params.id, req.body.reason),
  );

  // ---- signing in with a group ID: a read-only session for one group's content -----------------
  app.post(
    '/api/group-access/sign-in',
    { config: { public: true, rateLimit: signInLimit }, schema: { tags, body: GroupSignIn, response: { 200: GroupSessionDto } } },
    async (req, reply) => {
      const s = await creds.signIn(req.actor, req.body.groupId, req.body.password);
      reply.setCookie(groupCookieName(ctx), s.token, { ...groupCookieOptions(ctx), maxAge: Math.floor(GROUP_SESSION_MS / 1000) });
      reply.header('cache-control', 'no-store');
      return { active: true, researchGroupId: s.researchGroupId, ...(await creds.groupNames(s.researchGroupId)), expiresAt: s.expiresAt.toISOString() };
    },
  );

  app.get('/api/group-access/session', { config: { public: true }, schema: { tags, response: { 200: GroupSessionDto } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    const token = req.cookies[groupCookieName(ctx)];
    const g = token ? await loadGroupAccess(ctx, token) : null;
    if (!g) {
      if (token) reply.clearCookie(groupCookieName(ctx), { path: '/' });
      return { active: false, researchGroupId: null, code: null, nameJa: null, nameEn: null, expiresAt: null };
    }
    return { active: true, researchGroupId: g.researchGroupId, ...(await creds.groupNames(g.researchGroupId)), expiresAt: g.expiresAt.toISOString() };
  });

  app.post('/api/group-access/sign-out', { config: { public: true }, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
    const token = req.cookies[groupCookieName(ctx)];
    const g = token ? await loadGroupAccess(ctx, token) : null;
    if (g) await endGroupSession(ctx.db, ctx, g.sessionId, 'signed_out');
    reply.clearCookie(groupCookieName(ctx), { path: '/' });
    return reply.code(204).send(null);
  });

  // ---- member-only content: reading (a member's account or a group session) -------------------
  const readable = { allowGroup: true } as const;

  app.get('/api/group-content/:groupId', { config: readable, schema: { tags, params: GroupParam, response: { 200: ContentList } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return content.list(readerOf(req), req.params.groupId);
  });

  app.get('/api/group-content/:groupId/items/:itemId', { config: readable, schema: { tags, params: ItemParam, response: { 200: ContentItemDto } } }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return content.read(readerOf(req), req.params.groupId, req.params.itemId);
  });

  app.get('/api/group-content/:groupId/items/:itemId/file', { config: readable, schema: { tags, params: ItemParam } }, async (req, reply) => {
    const f = await content.file(readerOf(req), req.params.groupId, req.params.itemId);
    return reply
      .header('content-type', f.contentType)
      .header('content-disposition', contentDisposition(f.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(f.stream);
  });

  // ---- member-only content: publishing (administrators, the group's study office) -------------
  app.post('/api/group-content/:groupId/notices', { schema: { tags, params: GroupParam, body: PublishNotice, response: { 201: ContentItemDto } } }, async (req, reply) =>
    reply.code(201).send(await content.publishNotice(req.actor, req.params.groupId, req.body)),
  );

  app.post('/api/group-content/:groupId/documents', { schema: { tags, params: GroupParam, consumes: ['multipart/form-data'], response: { 201: ContentItemDto } } }, async (req, reply) =>
    reply.code(201).send(await content.publishDocument(req.actor, req.params.groupId, () => readUpload(req))),
  );

  app.patch('/api/group-content/:groupId/items/:itemId', { schema: { tags, params: ItemParam, body: UpdateContent, response: { 200: ContentItemDto } } }, async (req) =>
    content.update(req.actor, req.params.groupId, req.params.itemId, req.body),
  );

  app.post('/api/group-content/:groupId/items/:itemId/withdraw', { schema: { tags, params: ItemParam, body: WithdrawContent, response: { 200: ContentItemDto } } }, async (req) =>
    content.withdraw(req.actor, req.params.groupId, req.params.itemId, req.body.reason),
  );
}
