import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { institutions, people, studies, units } from './org.js';

/**
 * The secure exchange's transfer workflow (issue 7, P32-2.1.2). The encrypted files themselves live
 * in the vault (exchange-vault.ts); these tables say who sent what to whom, what the identifier
 * tripwire found, who waived, excepted or approved what, who downloaded, and when it was purged.
 */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const id = () => uuid('id').primaryKey().default(sql`gen_random_uuid()`);

/**
 * One transfer. state: draft → awaiting_scan → blocked | awaiting_approval | available →
 * expired | withdrawn → purged (see src/shared/exchange.ts).
 */
export const exchangeTransfers = pgTable(
  'exchange_transfers',
  {
    id: id(),
    senderPersonId: uuid('sender_person_id').notNull().references(() => people.id),
    /** The sender's unit (central staff) at creation; the second approver comes from it. */
    senderUnitId: uuid('sender_unit_id').references(() => units.id),
    /** The institution a site sender sends from (their site role's institution). */
    senderInstitutionId: uuid('sender_institution_id').references(() => institutions.id),
    purpose: text('purpose').notNull(),
    studyId: uuid('study_id').references(() => studies.id),
    classification: text('classification').notNull(),
    dataCategory: text('data_category').notNull(),
    message: text('message'),
    expiryDays: integer('expiry_days').notNull(),
    /** Until release: creation + expiryDays (abandoned drafts are purged too); from release: release + expiryDays. */
    expiresAt: ts('expires_at').notNull(),
    state: text('state').notNull().default('draft'),
    /** Whether release needed a second approver (decided when release was asked for). */
    requiresApproval: boolean('requires_approval').notNull().default(false),
    releaseRequestedAt: ts('release_requested_at'),
    releasedAt: ts('released_at'),
    /** The first download by a recipient: the sender can no longer withdraw. */
    firstDownloadAt: ts('first_download_at'),
    withdrawnAt: ts('withdrawn_at'),
    withdrawnBy: uuid('withdrawn_by').references(() => people.id),
    withdrawReason: text('withdraw_reason'),
    expiredAt: ts('expired_at'),
    purgedAt: ts('purged_at'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('exchange_transfers_sender_idx').on(t.senderPersonId, t.createdAt), index('exchange_transfers_state_idx').on(t.state, t.expiresAt)],
);

/** Whom the sender addressed: a person, or a unit (expanded to its members at release). */
export const exchangeAddressees = pgTable(
  'exchange_addressees',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    personId: uuid('person_id').references(() => people.id),
    unitId: uuid('unit_id').references(() => units.id),
  },
  (t) => [index('exchange_addressees_transfer_idx').on(t.transferId)],
);

/** The people a released transfer reached (a unit's members recorded as such), their notice and first download. */
export const exchangeRecipients = pgTable(
  'exchange_recipients',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    /** Set when the person was reached through a unit (null: addressed by name). */
    viaUnitId: uuid('via_unit_id').references(() => units.id),
    noticedAt: ts('noticed_at'),
    firstDownloadAt: ts('first_download_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [uniqueIndex('exchange_recipients_transfer_person_key').on(t.transferId, t.personId), index('exchange_recipients_person_idx').on(t.personId)],
);

/** A vault file attached to a transfer, with the tripwire scan's state. */
export const exchangeFiles = pgTable(
  'exchange_files',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    /** The vault's file id (= the upload id); one vault file belongs to one transfer. */
    vaultFileId: uuid('vault_file_id').notNull(),
    fileName: text('file_name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    detectedType: text('detected_type').notNull(),
    /** pending → scanning → done | failed */
    scanStatus: text('scan_status').notNull().default('pending'),
    scanStartedAt: ts('scan_started_at'),
    scannedAt: ts('scanned_at'),
    scanTruncated: boolean('scan_truncated').notNull().default(false),
    scannedBytes: bigint('scanned_bytes', { mode: 'number' }),
    scanError: text('scan_error'),
    attachedBy: uuid('attached_by').notNull().references(() => people.id),
    attachedAt: ts('attached_at').notNull(),
    removedAt: ts('removed_at'),
    removedBy: uuid('removed_by').references(() => people.id),
    /** When the vault copy was crypto-erased (at removal, or at purge). */
    erasedAt: ts('erased_at'),
  },
  (t) => [uniqueIndex('exchange_files_vault_file_key').on(t.vaultFileId), index('exchange_files_transfer_idx').on(t.transferId), index('exchange_files_scan_idx').on(t.scanStatus)],
);

/**
 * One tripwire hit. source: file (a cell or line), file_name, message, purpose. resolution: null
 * (unresolved, blocks release), waived, excepted, removed (its file was removed), superseded (the
 * message or purpose was edited), incomplete (placeholder kinds are never waivable).
 */
export const exchangeFindings = pgTable(
  'exchange_findings',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    fileId: uuid('file_id').references(() => exchangeFiles.id),
    source: text('source').notNull(),
    kind: text('kind').notNull(),
    sheet: text('sheet'),
    row: integer('row'),
    column: text('column'),
    cell: text('cell'),
    masked: text('masked').notNull(),
    rule: text('rule').notNull(),
    resolution: text('resolution'),
    waiverId: uuid('waiver_id'),
    exceptionId: uuid('exception_id'),
    resolvedAt: ts('resolved_at'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('exchange_findings_transfer_idx').on(t.transferId, t.resolution), index('exchange_findings_file_idx').on(t.fileId)],
);

/** The sender's waiver of one column of one file as a false positive, with the reason (the data center sees every waiver). */
export const exchangeWaivers = pgTable(
  'exchange_waivers',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    fileId: uuid('file_id').notNull().references(() => exchangeFiles.id),
    sheet: text('sheet'),
    column: text('column').notNull(),
    reason: text('reason').notNull(),
    findings: integer('findings').notNull(),
    personId: uuid('person_id').notNull().references(() => people.id),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('exchange_waivers_transfer_idx').on(t.transferId), index('exchange_waivers_created_idx').on(t.createdAt)],
);

/** The sender's request that the data center let the transfer go despite its findings; the data center's decision. */
export const exchangeExceptions = pgTable(
  'exchange_exceptions',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    requestedBy: uuid('requested_by').notNull().references(() => people.id),
    requestReason: text('request_reason').notNull(),
    /** The findings it covers, counted at the request. */
    findings: integer('findings').notNull(),
    /** pending → approved | rejected | cancelled (the findings went away before a decision) */
    status: text('status').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => people.id),
    decidedAt: ts('decided_at'),
    decisionReason: text('decision_reason'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('exchange_exceptions_status_idx').on(t.status, t.createdAt), index('exchange_exceptions_transfer_idx').on(t.transferId)],
);

/** A second approver's decision on a special-care transfer. */
export const exchangeApprovals = pgTable(
  'exchange_approvals',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    approverId: uuid('approver_id').notNull().references(() => people.id),
    decision: text('decision').notNull(),
    reason: text('reason'),
    at: ts('at').notNull(),
  },
  (t) => [index('exchange_approvals_transfer_idx').on(t.transferId)],
);

/** Every download (who, when, from where), also in the audit log. */
export const exchangeDownloads = pgTable(
  'exchange_downloads',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    fileId: uuid('file_id').notNull().references(() => exchangeFiles.id),
    personId: uuid('person_id').notNull().references(() => people.id),
    at: ts('at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('exchange_downloads_transfer_idx').on(t.transferId, t.at)],
);

/** A retention hold: no purging while it is active. transferId null = every transfer (e.g. during an incident). */
export const exchangeHolds = pgTable(
  'exchange_holds',
  {
    id: id(),
    transferId: uuid('transfer_id').references(() => exchangeTransfers.id),
    reason: text('reason').notNull(),
    setBy: uuid('set_by').references(() => people.id),
    setAt: ts('set_at').notNull(),
    releasedBy: uuid('released_by').references(() => people.id),
    releasedAt: ts('released_at'),
    releaseReason: text('release_reason'),
  },
  (t) => [index('exchange_holds_transfer_idx').on(t.transferId, t.releasedAt)],
);

/** The record that a file's content is gone for good (crypto-erased). */
export const exchangePurges = pgTable(
  'exchange_purges',
  {
    id: id(),
    transferId: uuid('transfer_id').notNull().references(() => exchangeTransfers.id),
    fileId: uuid('file_id').notNull().references(() => exchangeFiles.id),
    vaultFileId: uuid('vault_file_id').notNull(),
    sha256: text('sha256').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** expired | withdrawn | removed */
    reason: text('reason').notNull(),
    purgedAt: ts('purged_at').notNull(),
  },
  (t) => [index('exchange_purges_transfer_idx').on(t.transferId)],
);

/** The tripwire rules and the exchange policy, one row per version (the newest applies). */
export const exchangeSettings = pgTable('exchange_settings', {
  version: serial('version').primaryKey(),
  /** X3's TripwireRules, validated by its zod schema before it is stored. */
  rules: jsonb('rules').notNull(),
  /** Special-care transfers need a second approver before release. */
  specialCareApproval: boolean('special_care_approval').notNull(),
  changedBy: uuid('changed_by').references(() => people.id),
  changedAt: ts('changed_at').notNull(),
  note: text('note'),
});
