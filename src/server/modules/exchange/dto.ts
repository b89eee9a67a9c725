import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { ExceptionDto, FindingDto, TransferDto, TransferFileDto, TransferSummary, WaiverDto } from '../../../shared/exchange.js';
import type { Conn } from '../../db/client.js';
import type {
  exchangeTransfers} from '../../db/schema/index.js';
import {
  exchangeAddressees,
  exchangeApprovals,
  exchangeDownloads,
  exchangeExceptions,
  exchangeFiles,
  exchangeFindings,
  exchangeRecipients,
  exchangeWaivers,
  studies,
  units,
} from '../../db/schema/index.js';
import { nobody, personRefs } from './recipients.js';

export type TransferRow = typeof exchangeTransfers.$inferSelect;
export type FileRow = typeof exchangeFiles.$inferSelect;
export type FindingRow = typeof exchangeFindings.$inferSelect;

/** At most this many findings go to the browser per transfer (the count says how many there are). */
export const FINDINGS_SHOWN = 1000;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const ref = (p: { id: string; nameJa: string; nameEn: string }) => ({ id: p.id, nameJa: p.nameJa, nameEn: p.nameEn });

/** List rows for transfers, in the given order; `viewerId` fills "my first download". */
export async function summaries(conn: Conn, rows: TransferRow[], viewerId: string | null): Promise<TransferSummary[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const [files, recips, open, mine, senders, studyRows] = await Promise.all([
    conn
      .select({ transferId: exchangeFiles.transferId, n: count(), size: sql<string>`coalesce(sum(${exchangeFiles.size}), 0)` })
      .from(exchangeFiles)
      .where(and(inArray(exchangeFiles.transferId, ids), isNull(exchangeFiles.removedAt)))
      .groupBy(exchangeFiles.transferId),
    conn
      .select({ transferId: exchangeRecipients.transferId, n: count(), downloaded: count(exchangeRecipients.firstDownloadAt) })
      .from(exchangeRecipients)
      .where(inArray(exchangeRecipients.transferId, ids))
      .groupBy(exchangeRecipients.transferId),
    conn
      .select({ transferId: exchangeFindings.transferId, n: count() })
      .from(exchangeFindings)
      .where(and(inArray(exchangeFindings.transferId, ids), isNull(exchangeFindings.resolution)))
      .groupBy(exchangeFindings.transferId),
    viewerId
      ? conn
          .select({ transferId: exchangeRecipients.transferId, at: exchangeRecipients.firstDownloadAt })
          .from(exchangeRecipients)
          .where(and(inArray(exchangeRecipients.transferId, ids), eq(exchangeRecipients.personId, viewerId)))
      : Promise.resolve([]),
    personRefs(
      conn,
      rows.map((r) => r.senderPersonId),
    ),
    conn
      .select({ id: studies.id, code: studies.code, titleJa: studies.titleJa, titleEn: studies.titleEn })
      .from(studies)
      .where(
        inArray(
          studies.id,
          rows.map((r) => r.studyId).filter((x): x is string => !!x).concat(['00000000-0000-0000-0000-000000000000']),
        ),
      ),
  ]);
  const fileMap = new Map(files.map((f) => [f.transferId, f]));
  const recipMap = new Map(recips.map((r) => [r.transferId, r]));
  const openMap = new Map(open.map((o) => [o.transferId, Number(o.n)]));
  const mineMap = new Map(mine.map((m) => [m.transferId, m.at]));
  const studyMap = new Map(studyRows.map((s) => [s.id, s]));
  return rows.map((r) => ({
    id: r.id,
    state: r.state as TransferSummary['state'],
    sender: senders.get(r.senderPersonId) ?? nobody(r.senderPersonId),
    purpose: r.purpose,
    study: (r.studyId && studyMap.get(r.studyId)) || null,
    classification: r.classification as TransferSummary['classification'],
    dataCategory: r.dataCategory as TransferSummary['dataCategory'],
    files: Number(fileMap.get(r.id)?.n ?? 0),
    totalSize: Number(fileMap.get(r.id)?.size ?? 0),
    recipients: Number(recipMap.get(r.id)?.n ?? 0),
    downloadedBy: Number(recipMap.get(r.id)?.downloaded ?? 0),
    openFindings: openMap.get(r.id) ?? 0,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
    releasedAt: iso(r.releasedAt),
    myFirstDownloadAt: iso(mineMap.get(r.id)),
  }));
}

export function fileDto(f: FileRow, openFindings: number): TransferFileDto {
  return {
    id: f.id,
    fileName: f.fileName,
    size: f.size,
    sha256: f.sha256,
    detectedType: f.detectedType,
    scanStatus: f.scanStatus as TransferFileDto['scanStatus'],
    scanTruncated: f.scanTruncated,
    attachedAt: f.attachedAt.toISOString(),
    removedAt: iso(f.removedAt),
    erasedAt: iso(f.erasedAt),
    openFindings,
  };
}

export function findingDto(f: FindingRow): FindingDto {
  return {
    id: f.id,
    fileId: f.fileId,
    source: f.source as FindingDto['source'],
    kind: f.kind,
    sheet: f.sheet,
    row: f.row,
    column: f.column,
    cell: f.cell,
    masked: f.masked,
    rule: f.rule,
    resolution: (f.resolution as FindingDto['resolution']) ?? null,
  };
}

/** Waivers with their file names and authors. */
export async function waiverDtos(conn: Conn, rows: (typeof exchangeWaivers.$inferSelect)[]): Promise<WaiverDto[]> {
  if (!rows.length) return [];
  const files = await conn
    .select({ id: exchangeFiles.id, fileName: exchangeFiles.fileName })
    .from(exchangeFiles)
    .where(
      inArray(
        exchangeFiles.id,
        rows.map((r) => r.fileId),
      ),
    );
  const names = new Map(files.map((f) => [f.id, f.fileName]));
  const people = await personRefs(
    conn,
    rows.map((r) => r.personId),
  );
  return rows.map((w) => ({
    id: w.id,
    transferId: w.transferId,
    fileId: w.fileId,
    fileName: names.get(w.fileId) ?? '',
    sheet: w.sheet,
    column: w.column,
    reason: w.reason,
    findings: w.findings,
    by: ref(people.get(w.personId) ?? nobody(w.personId)),
    at: w.createdAt.toISOString(),
  }));
}

export async function exceptionDtos(conn: Conn, rows: (typeof exchangeExceptions.$inferSelect)[]): Promise<ExceptionDto[]> {
  const people = await personRefs(conn, [...rows.map((r) => r.requestedBy), ...rows.map((r) => r.decidedBy)]);
  return rows.map((e) => ({
    id: e.id,
    transferId: e.transferId,
    status: e.status as ExceptionDto['status'],
    requestedBy: people.get(e.requestedBy) ?? nobody(e.requestedBy),
    requestReason: e.requestReason,
    findings: e.findings,
    createdAt: e.createdAt.toISOString(),
    decidedBy: e.decidedBy ? ref(people.get(e.decidedBy) ?? nobody(e.decidedBy)) : null,
    decidedAt: iso(e.decidedAt),
    decisionReason: e.decisionReason,
  }));
}

export interface DetailContext {
  viewer: TransferDto['viewer'];
  viewerId: string | null;
  /** The data center: sees IP addresses and user agents of downloads. */
  manager: boolean;
  held: boolean;
  can: TransferDto['can'];
}

/** Everything the transfer page shows, cut to what this viewer may see. */
export async function detail(conn: Conn, t: TransferRow, c: DetailContext): Promise<TransferDto> {
  const [summary] = await summaries(conn, [t], c.viewerId);
  const seesFindings = c.viewer !== 'recipient';
  const seesDownloads = c.viewer === 'sender' || c.viewer === 'manager';
  const [addressees, recipients, files, findings, [findingsTotal], openByFile, waivers, exceptions, approvals, downloads] = await Promise.all([
    conn.select().from(exchangeAddressees).where(eq(exchangeAddressees.transferId, t.id)),
    conn.select().from(exchangeRecipients).where(eq(exchangeRecipients.transferId, t.id)).orderBy(asc(exchangeRecipients.createdAt)),
    conn.select().from(exchangeFiles).where(eq(exchangeFiles.transferId, t.id)).orderBy(asc(exchangeFiles.attachedAt), asc(exchangeFiles.id)),
    seesFindings
      ? conn
          .select()
          .from(exchangeFindings)
          .where(eq(exchangeFindings.transferId, t.id))
          .orderBy(sql`${exchangeFindings.resolution} is not null`, asc(exchangeFindings.source), asc(exchangeFindings.fileId), asc(exchangeFindings.sheet), asc(exchangeFindings.row), asc(exchangeFindings.cell))
          .limit(FINDINGS_SHOWN)
      : Promise.resolve([]),
    seesFindings ? conn.select({ n: count() }).from(exchangeFindings).where(eq(exchangeFindings.transferId, t.id)) : Promise.resolve([{ n: 0 }]),
    conn
      .select({ fileId: exchangeFindings.fileId, n: count() })
      .from(exchangeFindings)
      .where(and(eq(exchangeFindings.transferId, t.id), isNull(exchangeFindings.resolution)))
      .groupBy(exchangeFindings.fileId),
    seesFindings ? conn.select().from(exchangeWaivers).where(eq(exchangeWaivers.transferId, t.id)).orderBy(asc(exchangeWaivers.createdAt)) : Promise.resolve([]),
    seesFindings ? conn.select().from(exchangeExceptions).where(eq(exchangeExceptions.transferId, t.id)).orderBy(desc(exchangeExceptions.createdAt)) : Promise.resolve([]),
    conn.select().from(exchangeApprovals).where(eq(exchangeApprovals.transferId, t.id)).orderBy(asc(exchangeApprovals.at)),
    seesDownloads ? conn.select().from(exchangeDownloads).where(eq(exchangeDownloads.transferId, t.id)).orderBy(asc(exchangeDownloads.at)) : Promise.resolve([]),
  ]);
  const unitIds = [...addressees.map((a) => a.unitId), ...recipients.map((r) => r.viaUnitId)].filter((x): x is string => !!x);
  const unitRows = unitIds.length ? await conn.select({ id: units.id, nameJa: units.nameJa, nameEn: units.nameEn }).from(units).where(inArray(units.id, unitIds)) : [];
  const unitMap = new Map(unitRows.map((u) => [u.id, u]));
  const people = await personRefs(conn, [
    ...addressees.map((a) => a.personId),
    ...recipients.map((r) => r.personId),
    ...approvals.map((a) => a.approverId),
    ...downloads.map((d) => d.personId),
  ]);
  const openMap = new Map(openByFile.map((o) => [o.fileId, Number(o.n)]));
  return {
    ...summary!,
    message: t.message,
    expiryDays: t.expiryDays,
    requiresApproval: t.requiresApproval,
    firstDownloadAt: iso(t.firstDownloadAt),
    withdrawnAt: iso(t.withdrawnAt),
    withdrawReason: t.withdrawReason,
    expiredAt: iso(t.expiredAt),
    purgedAt: iso(t.purgedAt),
    held: c.held,
    viewer: c.viewer,
    addressees: addressees.map((a) =>
      a.personId
        ? { kind: 'person' as const, person: people.get(a.personId) ?? nobody(a.personId) }
        : { kind: 'unit' as const, unit: { id: a.unitId!, nameJa: unitMap.get(a.unitId!)?.nameJa ?? '—', nameEn: unitMap.get(a.unitId!)?.nameEn ?? '—' } },
    ),
    recipientList: recipients.map((r) => ({
      ...(people.get(r.personId) ?? nobody(r.personId)),
      viaUnit: r.viaUnitId ? { id: r.viaUnitId, nameJa: unitMap.get(r.viaUnitId)?.nameJa ?? '—', nameEn: unitMap.get(r.viaUnitId)?.nameEn ?? '—' } : null,
      noticedAt: iso(r.noticedAt),
      firstDownloadAt: iso(r.firstDownloadAt),
    })),
    fileList: files.map((f) => fileDto(f, openMap.get(f.id) ?? 0)),
    findings: findings.map(findingDto),
    findingsTotal: Number(findingsTotal?.n ?? 0),
    waivers: await waiverDtos(conn, waivers),
    exceptions: await exceptionDtos(conn, exceptions),
    approvals: approvals.map((a) => ({ id: a.id, approver: ref(people.get(a.approverId) ?? nobody(a.approverId)), decision: a.decision as 'approved' | 'rejected', reason: a.reason, at: a.at.toISOString() })),
    downloads: downloads.map((d) => ({
      person: ref(people.get(d.personId) ?? nobody(d.personId)),
      fileId: d.fileId,
      at: d.at.toISOString(),
      ip: c.manager ? d.ip : null,
      userAgent: c.manager ? d.userAgent : null,
    })),
    can: c.can,
  };
}
