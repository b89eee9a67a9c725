import { z } from 'zod';
import { MATRIX_MAX_STEPS } from './risks.js';
import { pageOf } from './pagination.js';

/**
 * Root cause and corrective/preventive actions of an incident (P32-4: find the cause fast,
 * respond as well as possible, prevent recurrence). Labels live in
 * src/web/routes/capa/messages.{ja,en}.json.
 */

// ---- root-cause analysis -----------------------------------------------------------------------
export const RootCauseMethod = z.enum(['five_whys', 'fishbone', 'free']);
export type RootCauseMethod = z.infer<typeof RootCauseMethod>;

/** Fishbone categories of contributing factors. */
export const FactorCategory = z.enum(['people', 'process', 'technology', 'environment', 'third_party']);
export type FactorCategory = z.infer<typeof FactorCategory>;
export const FACTOR_CATEGORIES = FactorCategory.options;

/** The five-whys chain holds at most this many answers. */
export const MAX_WHYS = 7;

const text = (max: number) => z.string().trim().min(1).max(max);

export const RootCauseFactor = z.object({ category: FactorCategory, text: text(1000) });
export type RootCauseFactor = z.infer<typeof RootCauseFactor>;

/** Saving the analysis. `version` is the one read (0 before the first save): a stale one answers 409. */
export const SaveRootCause = z
  .object({
    method: RootCauseMethod,
    whys: z.array(text(1000)).max(MAX_WHYS),
    factors: z.array(RootCauseFactor).max(50),
    statement: z.string().trim().max(5000),
    completed: z.boolean(),
    version: z.number().int().min(0),
  })
  .refine((r) => !r.completed || r.statement.length > 0, { message: 'a completed analysis states the root cause', path: ['statement'] });
export type SaveRootCause = z.infer<typeof SaveRootCause>;

export const CapaPersonRef = z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() });
export type CapaPersonRef = z.infer<typeof CapaPersonRef>;

export const RootCauseRevisionDto = z.object({
  version: z.number().int(),
  at: z.string(),
  by: CapaPersonRef.nullable(),
  method: RootCauseMethod,
  completed: z.boolean(),
  statement: z.string(),
  whys: z.number().int(),
  factors: z.number().int(),
});

export const RootCauseDto = z.object({
  incidentId: z.string(),
  method: RootCauseMethod,
  whys: z.array(z.string()),
  factors: z.array(RootCauseFactor),
  statement: z.string(),
  completed: z.boolean(),
  completedAt: z.string().nullable(),
  /** 0 until the first save. */
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: CapaPersonRef.nullable(),
  /** Every save, newest first. */
  history: z.array(RootCauseRevisionDto),
});
export type RootCauseDto = z.infer<typeof RootCauseDto>;

// ---- actions -----------------------------------------------------------------------------------
export const ActionKind = z.enum(['corrective', 'preventive']);
export type ActionKind = z.infer<typeof ActionKind>;

/**
 * open → in_progress → done (awaiting the effectiveness check) → verified (effective), or back to
 * in_progress (not effective); accepted = closed without doing it (the manager, with a reason);
 * cancelled (with a reason).
 */
export const ActionStatus = z.enum(['open', 'in_progress', 'done', 'verified', 'accepted', 'cancelled']);
export type ActionStatus = z.infer<typeof ActionStatus>;
export const ACTION_STATUSES = ActionStatus.options;
/** Statuses still needing work; an incident does not close while it has any. */
export const UNFINISHED_ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress', 'done'];
/** Statuses the owner still works in (reminders and "my open actions"). */
export const WORKING_ACTION_STATUSES: readonly ActionStatus[] = ['open', 'in_progress'];

/** Reminder stages of an action, each emailed once: 3 days before, once overdue, 7 days after (to the manager). */
export const ReminderStage = z.enum(['due_soon', 'overdue', 'escalated']);
export type ReminderStage = z.infer<typeof ReminderStage>;
export const REMINDER_DAYS_BEFORE = 3;
export const ESCALATION_DAYS_AFTER = 7;

export const formatActionRef = (year: number, n: number) => `CA-${year}-${String(n).padStart(4, '0')}`;

const level = z.number().int().min(1).max(MATRIX_MAX_STEPS);
/**
 * What a verified-effective action changes in its linked risk: a new residual likelihood × impact
 * (both) and/or a control to link. Without a change, the risk is marked "needs review".
 */
export const RiskChange = z
  .object({ residualLikelihood: level.nullable().optional(), residualImpact: level.nullable().optional(), controlId: z.uuid().nullable().optional() })
  .refine((c) => (c.residualLikelihood == null) === (c.residualImpact == null), { message: 'give both residual likelihood and impact, or neither', path: ['residualImpact'] });
export type RiskChange = z.infer<typeof RiskChange>;

const day = z.iso.date();
const optText = (max: number) => z.string().trim().max(max).optional();

export const CreateAction = z.object({
  kind: ActionKind,
  title: text(300),
  description: optText(5000),
  ownerId: z.uuid(),
  dueOn: day,
  riskId: z.uuid().nullable().optional(),
  riskChange: RiskChange.nullable().optional(),
});
export type CreateAction = z.infer<typeof CreateAction>;

/**
 * A change to an action. The owner may only move its status (open / in_progress / done) and add a
 * progress note; the manager and the data center edit everything; accepting needs the manager and a
 * reason, cancelling a reason.
 */
export const UpdateAction = z.object({
  version: z.number().int().min(1),
  kind: ActionKind.optional(),
  title: text(300).optional(),
  description: optText(5000),
  ownerId: z.uuid().optional(),
  dueOn: day.optional(),
  riskId: z.uuid().nullable().optional(),
  riskChange: RiskChange.nullable().optional(),
  status: z.enum(['open', 'in_progress', 'done', 'accepted', 'cancelled']).optional(),
  /** Why it is accepted or cancelled (required then). */
  reason: optText(2000),
  /** A progress note for the timeline. */
  note: optText(2000),
});
export type UpdateAction = z.infer<typeof UpdateAction>;

export const CheckAction = z.object({ version: z.number().int().min(1), effective: z.boolean(), note: z.string().trim().min(1).max(2000) });
export type CheckAction = z.infer<typeof CheckAction>;

export const ActionRiskRef = z.object({ id: z.string(), ref: z.string(), nameJa: z.string(), nameEn: z.string() });

export const ActionDto = z.object({
  id: z.string(),
  ref: z.string(),
  incidentId: z.string(),
  incidentRef: z.string(),
  incidentTitle: z.string(),
  kind: ActionKind,
  title: z.string(),
  description: z.string(),
  owner: CapaPersonRef.nullable(),
  dueOn: z.string(),
  status: ActionStatus,
  /** Working and past its due day (Japan). */
  overdue: z.boolean(),
  effectiveness: z.enum(['effective', 'not_effective']).nullable(),
  effectivenessNote: z.string().nullable(),
  checkedBy: CapaPersonRef.nullable(),
  checkedAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  /** The linked risk, when the caller may see it. */
  risk: ActionRiskRef.nullable(),
  riskChange: RiskChange.nullable(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** What the caller may do with it (the server checks again). */
  may: z.object({ edit: z.boolean(), progress: z.boolean(), check: z.boolean(), accept: z.boolean() }),
});
export type ActionDto = z.infer<typeof ActionDto>;

export const ActionList = z.object({ items: z.array(ActionDto) });
export type ActionList = z.infer<typeof ActionList>;

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ListActionsQuery = z.object({
  /** mine: the caller owns them; all: every action the caller may see. */
  scope: z.enum(['mine', 'all']).default('mine'),
  /** Comma-separated statuses; default: the unfinished ones. */
  status: z
    .string()
    .max(200)
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const parts = s.split(',').filter(Boolean);
      const bad = parts.filter((p) => !(ACTION_STATUSES as readonly string[]).includes(p));
      if (bad.length) {
        ctx.addIssue({ code: 'custom', message: `unknown status ${bad.join(', ')}` });
        return z.NEVER;
      }
      return parts as ActionStatus[];
    }),
  overdue: bool.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListActionsQuery = z.infer<typeof ListActionsQuery>;
export type ListActionsQueryInput = z.input<typeof ListActionsQuery>;
export const ActionPage = pageOf(ActionDto);
export type ActionPage = z.infer<typeof ActionPage>;

export const IncidentIdParam = z.object({ id: z.uuid() });
