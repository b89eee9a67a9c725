import { and, desc, eq, gte, lte, sql, type SQL } from 'drizzle-orm';
import type { AuditAction, ListAuditQuery } from '../../shared/audit.js';
import type { Clock } from '../clock.js';
import type { Conn, Db } from '../db/client.js';
import { auditLog, people } from '../db/schema/index.js';
import type { Actor } from '../authz/actor.js';
import { chainHash, GENESIS_HASH, type ChainedFields } from './chain.js';
import { verifyChain } from './verify-fast.js';

/** A lock id that serialises appends across connections and app nodes, so the chain never forks. */
export const AUDIT_LOCK = 727_275;

export interface AuditEvent {
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  scope?: Record<string, string> | null;
  details?: Record<string, unknown> | null;
}

/**
 * Appends one entry to the hash chain inside the caller's transaction, so the entry commits
 * or rolls back with the change it records.
 */
export async function appendAudit(tx: Conn, clock: Clock, actor: Actor, event: AuditEvent): Promise<number> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  const fields: ChainedFields = {
    seq: (last?.seq ?? 0) + 1,
    at: clock.now(),
    actorPersonId: actor.personId,
    actorSessionId: actor.sessionId ? actor.sessionId.slice(0, 16) : null,
    actorIp: actor.ip,
    actorUserAgent: actor.userAgent ? actor.userAgent.slice(0, 300) : null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    scope: event.scope ?? null,
    details: event.details ?? null,
  };
  const prevHash = last?.hash ?? GENESIS_HASH;
  await tx.insert(auditLog).values({ ...fields, prevHash, hash: chainHash(prevHash, fields) });
  return fields.seq;
}

/** Appends an entry in a transaction of its own (sign-in failures, denials: events with no other change). */
export function appendAuditAlone(db: Db, clock: Clock, actor: Actor, event: AuditEvent): Promise<number> {
  return db.transaction((tx) => appendAudit(tx, clock, actor, event));
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  lastSeq: number | null;
  lastHash: string | null;
  firstBadSeq: number | null;
  reason: string | null;
}

export interface Checkpoint {
  seq: number;
  hash: string;
}

/**
 * Recomputes the chain from the first entry, in keyset-paged batches so memory stays flat.
 * Names the first entry whose sequence, link or hash is wrong; with a checkpoint, also
 * catches truncation and rewriting of everything up to it. (The work is done by verifyChain,
 * which reads raw rows and encodes them without drizzle's per-row mapping: same verdict, faster.)
 */
export function verifyAudit(
  db: Db,
  opts: { checkpoint?: Checkpoint; from?: Checkpoint; batchSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  return verifyChain(db, opts);
}

/** One page of the audit log, newest first, with the actor's name. */
export async function listAudit(db: Db, q: ListAuditQuery) {
  const where: SQL[] = [];
  if (q.actorPersonId) where.push(eq(auditLog.actorPersonId, q.actorPersonId));
  if (q.action) where.push(eq(auditLog.action, q.action));
  if (q.targetType) where.push(eq(auditLog.targetType, q.targetType));
  if (q.targetId) where.push(eq(auditLog.targetId, q.targetId));
  if (q.from) where.push(gte(auditLog.at, new Date(q.from)));
  if (q.to) where.push(lte(auditLog.at, new Date(q.to)));
  const cond = where.length ? and(...where) : undefined;
  const [rows, [count]] = await Promise.all([
    db
      .select({
        entry: auditLog,
        actorName: sql<string | null>`case when ${people.id} is null then null else ${people.familyNameJa} || ' ' || ${people.givenNameJa} || ' / ' || ${people.givenNameEn} || ' ' || ${people.familyNameEn} end`,
      })
      .from(auditLog)
      .leftJoin(people, eq(people.id, auditLog.actorPersonId))
      .where(cond)
      .orderBy(desc(auditLog.seq))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(cond),
  ]);
  return {
    items: rows.map(({ entry, actorName }) => ({ ...entry, at: entry.at.toISOString(), actorName })),
    total: count?.n ?? 0,
    page: q.page,
    pageSize: q.pageSize,
  };
}
