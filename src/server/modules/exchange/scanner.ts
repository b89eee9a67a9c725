import { and, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { Finding, TripwireRules } from '../../../shared/tripwire.js';
import { WaivableKind } from '../../../shared/tripwire.js';
import { systemActor } from '../../authz/actor.js';
import { appendAudit } from '../../audit/audit.service.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { exchangeAddressees, exchangeFiles, exchangeFindings, exchangeTransfers, exchangeWaivers, people } from '../../db/schema/index.js';
import type { ExchangeSettingsService } from './settings.js';
import { scanFile, scanText } from './tripwire/scan.js';
import type { Vault } from './vault/vault.js';

/** A scan claimed this long ago belongs to a process that died: it is run again. */
const STALE_SCAN_MS = 15 * 60_000;
const SCAN_ACTOR = systemActor('exchange.tripwire');

type NewFinding = typeof exchangeFindings.$inferInsert;

/** The tripwire's finding in our table's shape. */
function row(transferId: string, fileId: string | null, source: NewFinding['source'], f: Finding, now: Date): NewFinding {
  // A DOCX table has a number but no sheet: show it where the sheet goes.
  const sheet = f.sheet ?? (f.table ? `table ${f.table}` : null);
  return { transferId, fileId, source, kind: f.kind, sheet, row: f.row, column: f.column, cell: f.cell, masked: f.masked, rule: f.rule, createdAt: now };
}

/**
 * Runs the identifier tripwire (X3's scanFile / scanText) on a transfer's files, message and
 * purpose, and stores what it finds. A file is scanned in the background as soon as it is
 * attached (so the sender sees findings before asking for release); a job picks up scans a
 * restart interrupted. `onScanned` lets the transfer go on once every file of a transfer that
 * is awaiting its scan is done.
 */
export class Scanner {
  private readonly inflight = new Map<string, Promise<void>>();
  onScanned: (transferId: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly ctx: AppContext,
    private readonly vault: Vault,
    private readonly settings: ExchangeSettingsService,
  ) {}

  /** Starts scanning one attached file in the background (once per process). */
  kick(fileId: string): Promise<void> {
    let p = this.inflight.get(fileId);
    if (!p) {
      p = this.scan(fileId)
        .catch(() => undefined)
        .finally(() => this.inflight.delete(fileId));
      this.inflight.set(fileId, p);
    }
    return p;
  }

  /** Waits (at most `ms`) for the scans of these files that run in this process. */
  async settle(fileIds: string[], ms: number): Promise<void> {
    const running = fileIds.map((id) => this.inflight.get(id)).filter((p): p is Promise<void> => !!p);
    if (!running.length) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.allSettled(running), new Promise((r) => (timer = setTimeout(r, ms)))]);
    clearTimeout(timer);
  }

  /** Waits until no scan runs in this process (tests; shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight.values()]);
  }

  /** The job: scans that never started or whose process died. */
  async runPending(now: Date): Promise<number> {
    const rows = await this.ctx.db
      .select({ id: exchangeFiles.id })
      .from(exchangeFiles)
      .where(
        and(
          isNull(exchangeFiles.removedAt),
          or(eq(exchangeFiles.scanStatus, 'pending'), and(eq(exchangeFiles.scanStatus, 'scanning'), lt(exchangeFiles.scanStartedAt, new Date(now.getTime() - STALE_SCAN_MS)))),
        ),
      )
      .limit(100);
    await Promise.allSettled(rows.map((r) => this.kick(r.id)));
    return rows.length;
  }

  /** Family names of the sender and the addressed people: staff names are not patients' names. */
  async allowNames(conn: Conn, transferId: string): Promise<string[]> {
    const [t] = await conn.select({ sender: exchangeTransfers.senderPersonId }).from(exchangeTransfers).where(eq(exchangeTransfers.id, transferId));
    const addressed = await conn.select({ id: exchangeAddressees.personId }).from(exchangeAddressees).where(eq(exchangeAddressees.transferId, transferId));
    const ids = [t?.sender, ...addressed.map((a) => a.id)].filter((x): x is string => !!x);
    if (!ids.length) return [];
    const rows = await conn.select({ ja: people.familyNameJa, kana: people.familyNameKana, en: people.familyNameEn }).from(people).where(inArray(people.id, ids));
    return [...new Set(rows.flatMap((r) => [r.ja, r.kana, r.en]).filter((s) => s && s.length > 1))];
  }

  /**
   * Scans the message and the purpose again (in the caller's transaction): earlier unresolved
   * findings of the edited text are superseded by the new ones.
   */
  async scanTexts(tx: Conn, transferId: string, texts: { message?: string | null; purpose?: string }, rules: TripwireRules): Promise<number> {
    const now = this.ctx.clock.now();
    const allowNames = await this.allowNames(tx, transferId);
    let n = 0;
    for (const source of ['message', 'purpose'] as const) {
      const text = texts[source];
      if (text === undefined) continue;
      await tx
        .update(exchangeFindings)
        .set({ resolution: 'superseded', resolvedAt: now })
        .where(and(eq(exchangeFindings.transferId, transferId), eq(exchangeFindings.source, source), isNull(exchangeFindings.resolution)));
      const found = text ? scanText(text, rules, { now, allowNames }) : [];
      if (found.length) await tx.insert(exchangeFindings).values(found.map((f) => row(transferId, null, source, f, now)));
      n += found.length;
    }
    return n;
  }

  private async scan(fileId: string): Promise<void> {
    const now = this.ctx.clock.now();
    const [file] = await this.ctx.db
      .update(exchangeFiles)
      .set({ scanStatus: 'scanning', scanStartedAt: now })
      .where(
        and(
          eq(exchangeFiles.id, fileId),
          isNull(exchangeFiles.removedAt),
          or(eq(exchangeFiles.scanStatus, 'pending'), and(eq(exchangeFiles.scanStatus, 'scanning'), lt(exchangeFiles.scanStartedAt, new Date(now.getTime() - STALE_SCAN_MS)))),
        ),
      )
      .returning();
    if (!file) return;
    const settings = await this.settings.current();
    // The sender's own waivers of this file's columns apply when it is scanned again (after a
    // truncated scan), so the findings beyond the first cut surface instead of the waived ones.
    const waived = await this.ctx.db.select().from(exchangeWaivers).where(eq(exchangeWaivers.fileId, fileId));
    const rules: TripwireRules = {
      ...settings.rules,
      waivers: [...settings.rules.waivers, ...waived.map((w) => ({ sheet: w.sheet, column: w.column, kinds: [...WaivableKind.options], reason: w.reason }))],
    };
    const allowNames = await this.allowNames(this.ctx.db, file.transferId);
    let findings: Finding[] = [];
    let truncated = false;
    let scannedBytes: number | null = null;
    let error: string | null = null;
    try {
      const r = await scanFile({ fileName: file.fileName, detectedType: file.detectedType, open: () => this.vault.openPlaintext(file.vaultFileId), openRange: (start, end) => this.vault.openPlaintext(file.vaultFileId, { start, end }) }, rules, { now, allowNames });
      findings = r.findings;
      truncated = r.truncated;
      scannedBytes = r.scannedBytes;
    } catch (err) {
      // The tripwire reports unreadable input itself; anything else still blocks rather than passes.
      error = (err as Error).message.slice(0, 500);
      findings = [{ kind: 'unreadable', rule: 'scan.error', sheet: null, row: null, column: null, cell: null, masked: '' }];
    }
    const nameHits = scanText(file.fileName, rules, { now, allowNames });
    const done = this.ctx.clock.now();
    const stored = await this.ctx.db.transaction(async (tx) => {
      const [still] = await tx.select({ removedAt: exchangeFiles.removedAt }).from(exchangeFiles).where(eq(exchangeFiles.id, fileId)).for('update');
      if (!still || still.removedAt) return false;
      await tx
        .update(exchangeFindings)
        .set({ resolution: 'superseded', resolvedAt: done })
        .where(and(eq(exchangeFindings.fileId, fileId), isNull(exchangeFindings.resolution)));
      const rows = [...findings.map((f) => row(file.transferId, fileId, 'file', f, done)), ...nameHits.map((f) => row(file.transferId, fileId, 'file_name', f, done))];
      for (let i = 0; i < rows.length; i += 500) await tx.insert(exchangeFindings).values(rows.slice(i, i + 500));
      await tx
        .update(exchangeFiles)
        .set({ scanStatus: error ? 'failed' : 'done', scannedAt: done, scanTruncated: truncated, scannedBytes, scanError: error })
        .where(eq(exchangeFiles.id, fileId));
      const kinds = [...new Set(rows.map((r) => r.kind))].sort();
      await appendAudit(tx, this.ctx.clock, SCAN_ACTOR, {
        action: 'exchange.scanned',
        targetType: 'exchange_transfer',
        targetId: file.transferId,
        details: { fileId, findings: rows.length, kinds, truncated, scannedBytes, rulesVersion: settings.version, failed: !!error },
      });
      return true;
    });
    if (stored) await this.onScanned(file.transferId);
  }
}
