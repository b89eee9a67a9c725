import { z } from 'zod';

/**
 * The vocabulary of incidents (P32-2.1.1, P32-4) and breach reporting (APPI). Labels are in
 * src/web/routes/incidents/messages.{ja,en}.json; server-side words (emails, PDFs) in the modules.
 */
export const IncidentKind = z.enum([
  'lost_device', // a lost or stolen PC, USB memory, phone, paper
  'misdelivery', // email, fax, post sent to the wrong person
  'unauthorized_access', // someone got in who should not have
  'malware', // ransomware, a virus
  'credential_loss', // a lost account or password (P32-2.1.3b), opened from the accounts module
  'credential_sharing', // an account or group ID shared (P32-2.1.3a, d)
  'data_alteration', // research data changed or destroyed (integrity)
  'system_outage', // availability (P32-1.2.3)
  'physical', // break-in, a door left open, a disaster
  'other',
]);
export type IncidentKind = z.infer<typeof IncidentKind>;

export const IncidentStatus = z.enum(['reported', 'triaged', 'contained', 'investigating', 'resolved', 'closed', 'dismissed']);
export type IncidentStatus = z.infer<typeof IncidentStatus>;
/** Statuses in which an incident is still being worked on. */
export const OPEN_INCIDENT_STATUSES: readonly IncidentStatus[] = ['reported', 'triaged', 'contained', 'investigating', 'resolved'];

export const IncidentSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type IncidentSeverity = z.infer<typeof IncidentSeverity>;

export const IncidentEventType = z.enum([
  'reported',
  'detection',
  'containment',
  'communication',
  'decision',
  'status_changed',
  'severity_changed',
  'assigned',
  'link_added',
  'link_removed',
  'assessment',
  'clock',
  'action',
  'note',
]);
export type IncidentEventType = z.infer<typeof IncidentEventType>;

export const IncidentLinkKind = z.enum(['asset', 'risk', 'study', 'person', 'law', 'institution']);
export type IncidentLinkKind = z.infer<typeof IncidentLinkKind>;

/** The breach-reporting clocks (APPI Art. 26 and its rules; the group's own recipients). */
export const ClockKind = z.enum([
  'ppc_preliminary', // PPC preliminary report (速報): promptly, about 3–5 days
  'ppc_final', // PPC final report (確報): 30 days, 60 where a wrongful purpose is suspected
  'notify_subjects', // notice to the people affected (本人通知)
  'ethics_committee', // the ethics review committee
  'institution_heads', // heads of the institutions involved
  'sponsor', // the study's sponsor / funder
  'steering_committee', // the group's steering committee (P32-7, P32-3)
]);
export type ClockKind = z.infer<typeof ClockKind>;

// ---- workflow ---------------------------------------------------------------------------------

/**
 * The allowed status changes, as data: forward through the work, back one step when something
 * turns up, dismissed (with a reason) before the work is done, and reopened from closed or
 * dismissed. Closing also needs every corrective action closed or accepted (capa.guard.ts).
 */
export const INCIDENT_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  reported: ['triaged', 'dismissed'],
  triaged: ['contained', 'investigating', 'dismissed'],
  contained: ['investigating', 'resolved', 'triaged'],
  investigating: ['resolved', 'contained'],
  resolved: ['closed', 'investigating'],
  closed: ['investigating'],
  dismissed: ['reported'],
};
export const canTransition = (from: IncidentStatus, to: IncidentStatus) => INCIDENT_TRANSITIONS[from].includes(to);

/** The timeline entries a person adds by hand; the others are written by the changes they record. */
export const ManualEventType = z.enum(['detection', 'containment', 'communication', 'decision', 'note']);
export type ManualEventType = z.infer<typeof ManualEventType>;

export const PersonalInfoAnswer = z.enum(['yes', 'no', 'unknown']);
export type PersonalInfoAnswer = z.infer<typeof PersonalInfoAnswer>;

/** Files attached to an incident: 10 MB each at most. */
export const INCIDENT_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

/** "INC-2026-0042": the series, the calendar year of the report (Japan time), a number per year. */
export const formatIncidentRef = (year: number, n: number) => `INC-${year}-${String(n).padStart(4, '0')}`;

// ---- requests ----------------------------------------------------------------------------------

const isoTime = z.iso.datetime({ offset: true });
const ids = z.array(z.uuid()).max(50);

export const ReportIncident = z.object({
  kind: IncidentKind,
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(10_000).default(''),
  /** When it happened, if known. */
  occurredAt: isoTime.nullable().optional(),
  /** When someone noticed it (starts the breach clocks); now when omitted; may be in the past. */
  awareAt: isoTime.optional(),
  location: z.string().trim().max(500).default(''),
  /** Omitted: the reporter's own institution / unit; null: none. */
  institutionId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  studyIds: ids.default([]),
  assetIds: ids.default([]),
  personalInfo: PersonalInfoAnswer.default('unknown'),
  peopleAffected: z.number().int().min(0).max(100_000_000).nullable().optional(),
  specialCare: z.boolean().nullable().optional(),
  encrypted: z.boolean().nullable().optional(),
  keySafe: z.boolean().nullable().optional(),
});
export type ReportIncident = z.infer<typeof ReportIncident>;
export type ReportIncidentInput = z.input<typeof ReportIncident>;

export const UpdateIncident = z.object({
  version: z.number().int().min(1),
  kind: IncidentKind.optional(),
  title: z.string().trim().min(1).max(200).optional(),
  description: z.string().trim().max(10_000).optional(),
  occurredAt: isoTime.nullable().optional(),
  awareAt: isoTime.optional(),
  location: z.string().trim().max(500).optional(),
  institutionId: z.uuid().nullable().optional(),
  unitId: z.uuid().nullable().optional(),
  personalInfo: PersonalInfoAnswer.optional(),
  peopleAffected: z.number().int().min(0).max(100_000_000).nullable().optional(),
  specialCare: z.boolean().nullable().optional(),
  encrypted: z.boolean().nullable().optional(),
  keySafe: z.boolean().nullable().optional(),
  severity: IncidentSeverity.nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
});
export type UpdateIncident = z.infer<typeof UpdateIncident>;

export const ChangeIncidentStatus = z.object({
  to: IncidentStatus,
  version: z.number().int().min(1),
  /** Required to dismiss; kept on the timeline otherwise. */
  reason: z.string().trim().max(2000).optional(),
  /** Triage sets both (when the incident has none yet). */
  severity: IncidentSeverity.optional(),
  assigneeId: z.uuid().optional(),
});
export type ChangeIncidentStatus = z.infer<typeof ChangeIncidentStatus>;

export const AddIncidentEvent = z.object({
  type: ManualEventType,
  at: isoTime,
  text: z.string().trim().min(1).max(5000),
});
export type AddIncidentEvent = z.infer<typeof AddIncidentEvent>;

export const AddIncidentLink = z.object({ kind: IncidentLinkKind, targetId: z.uuid() });
export type AddIncidentLink = z.infer<typeof AddIncidentLink>;
export const AddInvestigator = z.object({ personId: z.uuid() });

/** Path parameters: one link of an incident, one investigator, one attachment. */
export const IncidentLinkParam = z.object({ id: z.uuid(), kind: IncidentLinkKind, targetId: z.uuid() });
export const IncidentInvestigatorParam = z.object({ id: z.uuid(), personId: z.uuid() });
export const IncidentAttachmentParam = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** A comma-separated list in a query string ("reported,triaged"). */
const csvList = z
  .string()
  .max(300)
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean));
const flag = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

export const INCIDENT_SORTS = ['reportedAt', 'awareAt', 'ref', 'severity', 'status', 'updatedAt'] as const;
export const ListIncidentsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  q: z.string().trim().max(200).optional(),
  status: csvList.pipe(z.array(IncidentStatus).max(20)).optional(),
  kind: csvList.pipe(z.array(IncidentKind).max(20)).optional(),
  severity: csvList.pipe(z.array(IncidentSeverity).max(20)).optional(),
  /** Only incidents still being worked on. */
  open: flag,
  /** Only what I reported, am assigned to or investigate. */
  mine: flag,
  sort: z.enum(INCIDENT_SORTS).default('reportedAt'),
  dir: z.enum(['asc', 'desc']).default('desc'),
});
export type ListIncidentsQuery = z.infer<typeof ListIncidentsQuery>;
export type ListIncidentsQueryInput = z.input<typeof ListIncidentsQuery>;

// ---- responses -----------------------------------------------------------------------------------

export const IncidentPersonRef = z.object({ id: z.uuid(), nameJa: z.string(), nameEn: z.string() });
export type IncidentPersonRef = z.infer<typeof IncidentPersonRef>;
export const IncidentOrgRef = z.object({ id: z.uuid(), code: z.string(), nameJa: z.string(), nameEn: z.string() });

export const IncidentSummaryDto = z.object({
  id: z.uuid(),
  ref: z.string(),
  kind: IncidentKind,
  title: z.string(),
  status: IncidentStatus,
  severity: IncidentSeverity.nullable(),
  personalInfo: PersonalInfoAnswer,
  reportedAt: z.string(),
  awareAt: z.string(),
  institution: IncidentOrgRef.nullable(),
  assignee: IncidentPersonRef.nullable(),
  reportedBy: IncidentPersonRef.nullable(),
});
export type IncidentSummaryDto = z.infer<typeof IncidentSummaryDto>;
export const IncidentPage = z.object({ items: z.array(IncidentSummaryDto), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
export type IncidentPage = z.infer<typeof IncidentPage>;

export const IncidentEventDto = z.object({
  id: z.number().int(),
  type: IncidentEventType,
  at: z.string(),
  recordedAt: z.string(),
  actor: IncidentPersonRef.nullable(),
  text: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type IncidentEventDto = z.infer<typeof IncidentEventDto>;

export const IncidentLinkDto = z.object({
  kind: IncidentLinkKind,
  targetId: z.uuid(),
  /** A short name in each language (a reference and a name); the target may have become invisible to the reader. */
  labelJa: z.string(),
  labelEn: z.string(),
  addedAt: z.string(),
});
export type IncidentLinkDto = z.infer<typeof IncidentLinkDto>;

export const IncidentAttachmentDto = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: IncidentPersonRef.nullable(),
  uploadedAt: z.string(),
});
export type IncidentAttachmentDto = z.infer<typeof IncidentAttachmentDto>;

export const IncidentDto = IncidentSummaryDto.extend({
  description: z.string(),
  occurredAt: z.string().nullable(),
  location: z.string(),
  unit: IncidentOrgRef.nullable(),
  peopleAffected: z.number().int().nullable(),
  specialCare: z.boolean().nullable(),
  encrypted: z.boolean().nullable(),
  keySafe: z.boolean().nullable(),
  credentialLossId: z.uuid().nullable(),
  dismissedReason: z.string().nullable(),
  triagedAt: z.string().nullable(),
  containedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.string(),
  investigators: z.array(IncidentPersonRef),
  links: z.array(IncidentLinkDto),
  events: z.array(IncidentEventDto),
  attachments: z.array(IncidentAttachmentDto),
  /** What the reader may do here. */
  canManage: z.boolean(),
  canContribute: z.boolean(),
  /** The statuses it may move to now (for the status buttons). */
  nextStatuses: z.array(IncidentStatus),
  /**
   * Why closing is refused now (null: closing is not a next status, or nothing holds it):
   * corrective/preventive actions still open, and breach-reporting clocks neither done nor waived.
   */
  closeBlockers: z.object({ openActions: z.number().int(), pendingClocks: z.array(ClockKind) }).nullable(),
});
export type IncidentDto = z.infer<typeof IncidentDto>;

/** The reporter's receipt. */
export const IncidentReceipt = z.object({ id: z.uuid(), ref: z.string(), reportedAt: z.string() });
export type IncidentReceipt = z.infer<typeof IncidentReceipt>;

export const IncidentDashboardDto = z.object({
  /** Open incidents per status × severity (severity null = not triaged yet). */
  open: z.array(z.object({ status: IncidentStatus, severity: IncidentSeverity.nullable(), count: z.number().int() })),
  openTotal: z.number().int(),
  /** Breach-reporting clocks not done nor waived, due within the next 7 days, and those already past due. */
  clocksDueSoon: z.number().int(),
  clocksOverdue: z.number().int(),
  clocks: z.array(z.object({ incidentId: z.uuid(), ref: z.string(), title: z.string(), kind: ClockKind, dueAt: z.string(), overdueAt: z.string() })),
  /** Incidents reported per month (Japan time) and kind, for the last 12 months, oldest first. */
  months: z.array(z.string()),
  trend: z.array(z.object({ kind: IncidentKind, counts: z.array(z.number().int()) })),
  /** Means over incidents reported (triage) or closed (close) in the last 12 months, in hours; null without any. */
  meanHoursToTriage: z.number().nullable(),
  triagedCount: z.number().int(),
  meanHoursToClose: z.number().nullable(),
  closedCount: z.number().int(),
});
export type IncidentDashboardDto = z.infer<typeof IncidentDashboardDto>;
