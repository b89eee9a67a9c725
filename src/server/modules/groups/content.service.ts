import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { and, desc, eq, isNull } from 'drizzle-orm';
import { DOCUMENT_TYPES, type ContentItemDto, type ContentList, type PublishNotice, type UpdateContent } from '../../../shared/groups.js';
import { appendAudit, appendAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../authz/actor.js';
import { can } from '../../authz/policy.js';
import type { AppContext } from '../../context.js';
import { groupContentItems, people, researchGroups } from '../../db/schema/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import type { GroupAccess } from './group-session.js';

type Item = typeof groupContentItems.$inferSelect;

/** Who reads: a person with their own account, or a read-only group session (P32-2.1.3d). */
export interface Reader {
  actor: Actor;
  group: GroupAccess | null;
}

/** Checks the first bytes against the declared type, so a renamed executable is not served as a PDF. */
function looksLike(ext: keyof typeof DOCUMENT_TYPES, data: Buffer): boolean {
  const starts = (...b: number[]) => b.every((x, i) => data[i] === x);
  switch (ext) {
    case 'pdf':
      return starts(0x25, 0x50, 0x44, 0x46); // %PDF
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return starts(0x50, 0x4b, 0x03, 0x04); // a ZIP container
    case 'png':
      return starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'jpg':
    case 'jpeg':
      return starts(0xff, 0xd8, 0xff);
    case 'txt':
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(data);
        return !data.includes(0);
      } catch {
        return false;
      }
  }
}

export interface Upload {
  fileName: string;
  data: Buffer;
  fields: Record<string, string>;
}

/** Member-only notices and documents of a research group. */
export class GroupContentService {
  constructor(private readonly ctx: AppContext) {}

  private get dir() {
    return resolve(this.ctx.config.dataDir, 'files', 'group-content');
  }

  private async group(researchGroupId: string) {
    const [g] = await this.ctx.db.select().from(researchGroups).where(eq(researchGroups.id, researchGroupId));
    if (!g) throw new NotFoundError('Research group');
    return g;
  }

  /**
   * A personal account needs `group_content.read` for the group; a group session reaches only its
   * own group. A refusal is recorded as a denial like any other and answered 404, as an unknown
   * group is, so group ids cannot be probed.
   */
  private async requireRead(reader: Reader, researchGroupId: string): Promise<void> {
    if (reader.group && reader.group.researchGroupId !== researchGroupId) {
      await this.ctx.authz.requireVisible(reader.actor, 'group_content.read', { researchGroupIds: [researchGroupId] }, 'Research group');
    }
    if (!reader.group) await this.ctx.authz.requireVisible(reader.actor, 'group_content.read', { researchGroupIds: [researchGroupId] }, 'Research group');
  }

  /** Audit details that say how the content was reached (a group session is named by its id's prefix). */
  private via(reader: Reader) {
    return reader.group ? { via: 'group_session', groupSession: reader.group.sessionId.slice(0, 16), credentialVersion: reader.group.credentialVersion } : { via: 'account' };
  }

  private async dto(items: Item[]): Promise<ContentItemDto[]> {
    const ids = [...new Set(items.map((i) => i.publishedBy).filter((x): x is string => !!x))];
    const names = new Map<string, string>();
    for (const id of ids) {
      const [p] = await this.ctx.db.select({ f: people.familyNameJa, g: people.givenNameJa }).from(people).where(eq(people.id, id));
      if (p) names.set(id, `${p.f} ${p.g}`.trim());
    }
    return items.map((i) => ({
      id: i.id,
      researchGroupId: i.researchGroupId,
      kind: i.kind as ContentItemDto['kind'],
      titleJa: i.titleJa,
      titleEn: i.titleEn,
      bodyJa: i.bodyJa,
      bodyEn: i.bodyEn,
      fileName: i.fileName,
      contentType: i.contentType,
      size: i.size,
      sha256: i.sha256,
      publishedAt: i.publishedAt.toISOString(),
      publishedByName: i.publishedBy ? (names.get(i.publishedBy) ?? null) : null,
      updatedAt: i.updatedAt.toISOString(),
      withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
      withdrawReason: i.withdrawReason,
    }));
  }

  /** The group's content, newest first; withdrawn items only for those who may publish. Audited. */
  async list(reader: Reader, researchGroupId: string): Promise<ContentList> {
    const g = await this.group(researchGroupId);
    await this.requireRead(reader, researchGroupId);
    const canPublish = !reader.group && can(reader.actor, 'group_content.publish', { researchGroupIds: [researchGroupId] });
    const rows = await this.ctx.db
      .select()
      .from(groupContentItems)
      .where(and(eq(groupContentItems.researchGroupId, researchGroupId), canPublish ? undefined : isNull(groupContentItems.withdrawnAt)))
      .orderBy(desc(groupContentItems.publishedAt));
    await appendAuditAlone(this.ctx.db, this.ctx.clock, reader.actor, {
      action: 'group_content.viewed',
      targetType: 'research_group',
      targetId: researchGroupId,
      scope: { researchGroupId },
      details: { ...this.via(reader), list: true },
    });
    return { group: { id: g.id, code: g.code, nameJa: g.nameJa, nameEn: g.nameEn }, canPublish, viaGroupSession: !!reader.group, items: await this.dto(rows) };
  }

  private async item(researchGroupId: string, itemId: string, includeWithdrawn: boolean): Promise<Item> {
    const [i] = await this.ctx.db
      .select()
      .from(groupContentItems)
      .where(and(eq(groupContentItems.id, itemId), eq(groupContentItems.researchGroupId, researchGroupId)));
    if (!i || (i.withdrawnAt && !includeWithdrawn)) throw new NotFoundError('Content');
    return i;
  }

  async read(reader: Reader, researchGroupId: string, itemId: string): Promise<ContentItemDto> {
    await this.group(researchGroupId);
    await this.requireRead(reader, researchGroupId);
    const canPublish = !reader.group && can(reader.actor, 'group_content.publish', { researchGroupIds: [researchGroupId] });
    const i = await this.item(researchGroupId, itemId, canPublish);
    await appendAuditAlone(this.ctx.db, this.ctx.clock, reader.actor, {
      action: 'group_content.viewed',
      targetType: 'group_content',
      targetId: i.id,
      scope: { researchGroupId },
      details: { ...this.via(reader), kind: i.kind },
    });
    return (await this.dto([i]))[0]!;
  }

  /** A document's file, for download (attachment, nosniff). Audited. */
  async file(reader: Reader, researchGroupId: string, itemId: string) {
    await this.group(researchGroupId);
    await this.requireRead(reader, researchGroupId);
    const i = await this.item(researchGroupId, itemId, false);
    if (i.kind !== 'document' || !i.storageKey) throw new NotFoundError('File');
    await appendAuditAlone(this.ctx.db, this.ctx.clock, reader.actor, {
      action: 'group_content.viewed',
      targetType: 'group_content',
      targetId: i.id,
      scope: { researchGroupId },
      details: { ...this.via(reader), kind: i.kind, download: true, sha256: i.sha256 },
    });
    return { stream: createReadStream(join(this.dir, i.storageKey)), fileName: i.fileName ?? 'document', contentType: i.contentType ?? 'application/octet-stream', size: i.size };
  }

  // ---- publishing -------------------------------------------------------------------------------

  private async requirePublish(actor: Actor, researchGroupId: string) {
    await this.ctx.authz.require(actor, 'group_content.publish', { researchGroupIds: [researchGroupId] });
    await this.group(researchGroupId);
  }

  async publishNotice(actor: Actor, researchGroupId: string, input: PublishNotice): Promise<ContentItemDto> {
    await this.requirePublish(actor, researchGroupId);
    const now = this.ctx.clock.now();
    const row = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(groupContentItems)
        .values({ researchGroupId, kind: 'notice', ...input, publishedAt: now, publishedBy: actor.personId, updatedAt: now })
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_content.published',
        targetType: 'group_content',
        targetId: row!.id,
        scope: { researchGroupId },
        details: { kind: 'notice', titleJa: input.titleJa, titleEn: input.titleEn },
      });
      return row!;
    });
    return (await this.dto([row]))[0]!;
  }

  /** Stores an uploaded document under DATA_DIR/files/ with its SHA-256; only the allowed types. */
  async publishDocument(actor: Actor, researchGroupId: string, readUpload: () => Promise<Upload>): Promise<ContentItemDto> {
    await this.requirePublish(actor, researchGroupId);
    const upload = await readUpload();
    const titleJa = (upload.fields.titleJa ?? '').trim();
    const titleEn = (upload.fields.titleEn ?? '').trim();
    const problems = [
      ...(!titleJa || titleJa.length > 200 ? [{ path: 'titleJa', message: 'required, at most 200 characters' }] : []),
      ...(!titleEn || titleEn.length > 200 ? [{ path: 'titleEn', message: 'required, at most 200 characters' }] : []),
    ];
    if (problems.length) throw new ValidationError('Some fields are invalid.', problems);
    const ext = (upload.fileName.split('.').pop() ?? '').toLowerCase() as keyof typeof DOCUMENT_TYPES;
    if (!(ext in DOCUMENT_TYPES) || upload.data.length === 0 || !looksLike(ext, upload.data)) {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Only PDF, Word, Excel, PowerPoint, text, PNG and JPEG files are accepted.');
    }
    const sha256 = createHash('sha256').update(upload.data).digest('hex');
    const key = `${randomUUID()}.bin`;
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const tmp = join(this.dir, `${key}.part`);
    await writeFile(tmp, upload.data, { mode: 0o600 });
    await rename(tmp, join(this.dir, key));
    const now = this.ctx.clock.now();
    try {
      const row = await this.ctx.db.transaction(async (tx) => {
        const [row] = await tx
          .insert(groupContentItems)
          .values({
            researchGroupId,
            kind: 'document',
            titleJa,
            titleEn,
            fileName: upload.fileName,
            contentType: DOCUMENT_TYPES[ext],
            size: upload.data.length,
            sha256,
            storageKey: key,
            publishedAt: now,
            publishedBy: actor.personId,
            updatedAt: now,
          })
          .returning();
        await appendAudit(tx, this.ctx.clock, actor, {
          action: 'group_content.published',
          targetType: 'group_content',
          targetId: row!.id,
          scope: { researchGroupId },
          details: { kind: 'document', titleJa, titleEn, fileName: upload.fileName, size: upload.data.length, sha256 },
        });
        return row!;
      });
      return (await this.dto([row]))[0]!;
    } catch (e) {
      await rm(join(this.dir, key), { force: true });
      throw e;
    }
  }

  async update(actor: Actor, researchGroupId: string, itemId: string, input: UpdateContent): Promise<ContentItemDto> {
    await this.requirePublish(actor, researchGroupId);
    const i = await this.item(researchGroupId, itemId, false);
    if (i.kind === 'document' && (input.bodyJa !== undefined || input.bodyEn !== undefined)) {
      throw new ValidationError('A document has no body.', [{ path: 'bodyJa', message: 'not for documents' }]);
    }
    const row = await this.ctx.db.transaction(async (tx) => {
      const [row] = await tx
        .update(groupContentItems)
        .set({ ...input, updatedAt: this.ctx.clock.now() })
        .where(eq(groupContentItems.id, i.id))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_content.updated',
        targetType: 'group_content',
        targetId: i.id,
        scope: { researchGroupId },
        details: { fields: Object.keys(input) },
      });
      return row!;
    });
    return (await this.dto([row]))[0]!;
  }

  /** Withdraws an item: members no longer see it; the record (and file) stay for the audit trail. */
  async withdraw(actor: Actor, researchGroupId: string, itemId: string, reason: string): Promise<ContentItemDto> {
    await this.requirePublish(actor, researchGroupId);
    const i = await this.item(researchGroupId, itemId, false);
    const row = await this.ctx.db.transaction(async (tx) => {
      const now = this.ctx.clock.now();
      const [row] = await tx
        .update(groupContentItems)
        .set({ withdrawnAt: now, withdrawnBy: actor.personId, withdrawReason: reason, updatedAt: now })
        .where(and(eq(groupContentItems.id, i.id), isNull(groupContentItems.withdrawnAt)))
        .returning();
      await appendAudit(tx, this.ctx.clock, actor, {
        action: 'group_content.withdrawn',
        targetType: 'group_content',
        targetId: i.id,
        scope: { researchGroupId },
        details: { reason },
      });
      return row!;
    });
    return (await this.dto([row]))[0]!;
  }
}
