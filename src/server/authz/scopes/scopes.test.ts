import { randomUUID } from 'node:crypto';
import { and, eq, inArray, TransactionRollbackError, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Audience } from '../../../shared/audience.js';
import type { RegistrationChangePayload } from '../../../shared/registration.js';
import { ROLES } from '../../../shared/roles.js';
import type { Conn, Database } from '../../db/client.js';
import {
  accessReviewCampaigns,
  accessReviewItems,
  assets,
  courseAssignments,
  courses,
  documents,
  documentVersions,
  exchangeApprovals,
  exchangeRecipients,
  exchangeTransfers,
  incidentActions,
  incidentInvestigators,
  incidents,
  institutions,
  people,
  personInstitutions,
  personResearchGroups,
  registrationChanges,
  researchGroups,
  riskAssets,
  risks,
  threats,
  units,
  violationCases,
  violationInvestigators,
} from '../../db/schema/index.js';
import { freshDatabase } from '../../testing/harness.js';
import type { Actor, ActorRole } from '../actor.js';
import { assetScope, type AssetScopeRow } from './assets.js';
import { actionScope } from './capa.js';
import { acknowledgerScope, documentScope } from './documents.js';
import { incidentScope, type IncidentScopeRow } from './incidents.js';
import { addresseeScope, personScope } from './people.js';
import { registrationChangeScope } from './registration.js';
import { reviewItemScope } from './reviews.js';
import { riskScope } from './risks.js';
import type { Scope } from './scope.js';
import { assignmentScope } from './training.js';
import { approvalQueueScope, transferScope } from './transfers.js';
import { violationScope } from './violations.js';

/**
 * Each scope's two forms agree: for generated actors (roles with their scopes, unit, institutions,
 * research groups, own person) and generated records inserted into a real database, the SQL filter
 * returns exactly the records the in-memory check accepts. Every run inserts its records in a
 * transaction that is rolled back, so runs do not see each other's records.
 */

const RUNS = 40;

let database: Database;
/** The small organization every generated record and actor draws from. */
const U = { units: [] as string[], institutions: [] as string[], groups: [] as string[], pool: [] as string[], threat: '', campaign: '', course: '' };

const tag = () => randomUUID().slice(0, 8);
const person = (over: Partial<typeof people.$inferInsert> = {}) => ({ familyNameJa: '試験', familyNameEn: 'Test', email: `${tag()}-${tag()}@example.jp`, ...over });

beforeAll(async () => {
  database = await freshDatabase();
  const db = database.db;
  const unitKinds = ['data_center', 'operations_office', 'study_office'] as const;
  U.units = (await db.insert(units).values(unitKinds.map((kind) => ({ code: `U-${tag()}`, kind, nameJa: kind, nameEn: kind }))).returning()).map((r) => r.id);
  U.institutions = (await db.insert(institutions).values([1, 2].map((i) => ({ code: `I-${tag()}`, nameJa: `病院${i}`, nameEn: `Hospital ${i}`, prefecture: '13' }))).returning()).map((r) => r.id);
  U.groups = (await db.insert(researchGroups).values([1, 2].map((i) => ({ code: `G-${tag()}`, nameJa: `群${i}`, nameEn: `Group ${i}` }))).returning()).map((r) => r.id);
  U.pool = (await db.insert(people).values([1, 2, 3, 4, 5].map(() => person())).returning({ id: people.id })).map((r) => r.id);
  const [t] = await db.insert(threats).values({ code: `T-${tag()}`, nameJa: '脅威', nameEn: 'Threat', source: 'technical' }).returning();
  U.threat = t!.id;
  const [c] = await db.insert(accessReviewCampaigns).values({ name: 'c', dueDate: '2026-05-01', dueAt: new Date('2026-05-01T00:00:00Z'), includeStaff: true, reminderDays: 3, startedAt: new Date() }).returning();
  U.campaign = c!.id;
  const [k] = await db.insert(courses).values({ code: `C-${tag()}`, titleJa: '講座', titleEn: 'Course', audience: { roles: [], unitIds: [], institutionIds: [], researchGroupIds: [] } }).returning();
  U.course = k!.id;
});

afterAll(async () => {
  await database?.close();
});

// ---- generators ------------------------------------------------------------------------------------

const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null, freq: 3 });
const oneOf = (ids: () => string[]) => fc.nat().map((i) => ids()[i % ids().length]!);
const someOf = (ids: () => string[], maxLength = 3) => fc.subarray([0, 1, 2, 3, 4], { maxLength }).map((is) => [...new Set(is.map((i) => ids()[i % ids().length]!))]);
const unit = oneOf(() => U.units);
const inst = oneOf(() => U.institutions);
const group = oneOf(() => U.groups);
const poolPerson = oneOf(() => U.pool);

interface ActorSpec {
  kind: Actor['kind'];
  self: number;
  roles: ActorRole[];
  unitId: string | null;
  institutionIds: string[];
  researchGroupIds: string[];
}

const actorRole: fc.Arbitrary<ActorRole> = fc.record({ role: fc.constantFrom(...ROLES), institutionId: maybe(inst), researchGroupId: maybe(group), unitId: maybe(unit), committeeId: fc.constant(null) });
const actorRoles = fc.array(actorRole, { minLength: 1, maxLength: 3 });

const actorSpec: fc.Arbitrary<ActorSpec> = fc.record({
  kind: fc.constantFrom<Actor['kind']>('person', 'person', 'person', 'person', 'person', 'person', 'system', 'anonymous'),
  self: fc.nat(),
  // a quarter without roles; the rest one to three, each with any scope
  roles: fc.oneof(fc.constant<ActorRole[]>([]), actorRoles, actorRoles, actorRoles),
  unitId: maybe(unit),
  institutionIds: someOf(() => U.institutions),
  researchGroupIds: someOf(() => U.groups),
});

/** The actor: a person (one of `persons`, the pool unless the records are people), the system, or an anonymous visitor. */
function actorOf(s: ActorSpec, persons: string[]): Actor {
  const me = s.kind === 'person' ? (persons[s.self % persons.length] ?? null) : null;
  const p = s.kind === 'person';
  return {
    kind: s.kind,
    personId: me,
    sessionId: null,
    ip: null,
    userAgent: null,
    roles: p ? s.roles : [],
    unitId: p ? s.unitId : null,
    institutionIds: p ? s.institutionIds : [],
    researchGroupIds: p ? s.researchGroupIds : [],
    committeeIds: [],
  };
}

// ---- the check ----------------------------------------------------------------------------------------

/**
 * For generated actors and records: inserts the records (returning each one's id and the row the
 * in-memory check takes), then compares the ids the filter selects with those `allows` accepts.
 */
async function agree<Spec, Row>(opts: {
  scope: Scope<Row>;
  records: fc.Arbitrary<Spec>;
  insert: (tx: Conn, records: Spec) => Promise<{ id: string; row: Row }[]>;
  select: (tx: Conn, where: SQL | undefined, ids: string[]) => Promise<{ id: string }[]>;
  /** The people the actor may be (default: the pool). */
  persons?: (inserted: { id: string; row: Row }[]) => string[];
}) {
  // Both answers must come up, or the property would hold vacuously.
  const seen = { accepted: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(actorSpec, opts.records, async (spec, records) => {
      await database.db
        .transaction(async (tx) => {
          const inserted = await opts.insert(tx, records);
          const actor = actorOf(spec, [...U.pool, ...(opts.persons?.(inserted) ?? [])]);
          const ids = inserted.map((i) => i.id);
          const got = ids.length ? (await opts.select(tx, opts.scope.filter(actor), ids)).map((r) => r.id).sort() : [];
          const want = inserted
            .filter((i) => opts.scope.allows(actor, i.row))
            .map((i) => i.id)
            .sort();
          expect({ actor, got }).toEqual({ actor, got: want });
          seen.accepted += want.length;
          seen.refused += ids.length - want.length;
          tx.rollback();
        })
        .catch((e: unknown) => {
          if (!(e instanceof TransactionRollbackError)) throw e;
        });
    }),
    { numRuns: RUNS },
  );
  expect(seen.accepted).toBeGreaterThan(0);
  expect(seen.refused).toBeGreaterThan(0);
}

/** The ids among `ids` that the condition selects from the table. */
const selectFrom = (table: PgTable, id: AnyPgColumn) => (tx: Conn, where: SQL | undefined, ids: string[]) =>
  tx
    .select({ id })
    .from(table)
    .where(and(inArray(id, ids), where)) as Promise<{ id: string }[]>;

// ---- records ---------------------------------------------------------------------------------------

const LOCATIONS = ['data_center', 'operations_office', 'site', 'cloud'];
const assetRecord: fc.Arbitrary<AssetScopeRow> = fc.record({
  ownerPersonId: maybe(poolPerson),
  custodianPersonId: maybe(poolPerson),
  ownerUnitId: unit,
  location: fc.constantFrom(...LOCATIONS),
  institutionId: maybe(inst),
  researchGroupId: maybe(group),
});

async function insertAssets(tx: Conn, rows: AssetScopeRow[]) {
  if (!rows.length) return [];
  const out = await tx
    .insert(assets)
    .values(rows.map((r) => ({ ...r, name: 'asset', kind: 'information', type: 'data', category: 'research', classification: 'internal', confidentiality: 1, integrity: 1, availability: 1, importance: 1 })))
    .returning({ id: assets.id });
  return out.map((o, i) => ({ id: o.id, row: rows[i]! }));
}

const incidentRecord: fc.Arbitrary<IncidentScopeRow> = fc.record({
  reportedBy: maybe(poolPerson),
  assigneeId: maybe(poolPerson),
  investigatorIds: someOf(() => U.pool, 2),
  unitId: maybe(unit),
  institutionId: maybe(inst),
});

async function insertIncidents(tx: Conn, rows: IncidentScopeRow[]) {
  if (!rows.length) return [];
  const now = new Date();
  const refs = rows.map(() => `INC-${tag()}`);
  const made = await tx
    .insert(incidents)
    .values(rows.map((r, i) => ({ ref: refs[i]!, kind: 'other', title: 'incident', awareAt: now, reportedAt: now, reportedBy: r.reportedBy, assigneeId: r.assigneeId, unitId: r.unitId, institutionId: r.institutionId })))
    .returning({ id: incidents.id, ref: incidents.ref });
  const ids = refs.map((ref) => made.find((m) => m.ref === ref)!.id);
  const investigators = rows.flatMap((r, i) => r.investigatorIds.map((personId) => ({ incidentId: ids[i]!, personId })));
  if (investigators.length) await tx.insert(incidentInvestigators).values(investigators);
  return rows.map((row, i) => ({ id: ids[i]!, row }));
}

interface PersonRecord {
  unitId: string | null;
  active: boolean;
  accountStatus: string;
  institutionIds: string[];
  researchGroupIds: string[];
}
const personRecord: fc.Arbitrary<PersonRecord> = fc.record({
  unitId: maybe(unit),
  active: fc.boolean(),
  accountStatus: fc.constantFrom('active', 'active', 'none', 'suspended'),
  institutionIds: someOf(() => U.institutions),
  researchGroupIds: someOf(() => U.groups),
});

async function insertPeople(tx: Conn, rows: PersonRecord[]) {
  if (!rows.length) return [];
  const emails = rows.map(() => `${tag()}-${tag()}@example.jp`);
  const made = await tx
    .insert(people)
    .values(rows.map((r, i) => person({ email: emails[i]!, unitId: r.unitId, active: r.active, accountStatus: r.accountStatus })))
    .returning({ id: people.id, email: people.email });
  const ids = emails.map((e) => made.find((m) => m.email === e)!.id);
  const insts = rows.flatMap((r, i) => r.institutionIds.map((institutionId) => ({ personId: ids[i]!, institutionId })));
  const groups = rows.flatMap((r, i) => r.researchGroupIds.map((researchGroupId) => ({ personId: ids[i]!, researchGroupId })));
  if (insts.length) await tx.insert(personInstitutions).values(insts);
  if (groups.length) await tx.insert(personResearchGroups).values(groups);
  return rows.map((r, i) => ({ id: ids[i]!, row: { ...r, id: ids[i]! } }));
}

const audience: fc.Arbitrary<Audience> = fc.record({
  roles: fc.subarray([...ROLES], { maxLength: 3 }),
  unitIds: someOf(() => U.units),
  institutionIds: someOf(() => U.institutions),
  researchGroupIds: someOf(() => U.groups),
});

// ---- the properties ----------------------------------------------------------------------------------

describe('each scope: the SQL filter returns exactly the rows the in-memory check accepts', () => {
  it('assets', async () => {
    await agree({ scope: assetScope, records: fc.array(assetRecord, { maxLength: 10 }), insert: insertAssets, select: selectFrom(assets, assets.id) });
  });

  it('risks (through their assets)', async () => {
    await agree({
      scope: riskScope,
      records: fc.array(fc.array(assetRecord, { maxLength: 3 }), { maxLength: 6 }),
      insert: async (tx, riskAssetsSpecs) => {
        const out = [];
        for (const spec of riskAssetsSpecs) {
          const linked = await insertAssets(tx, spec);
          const [r] = await tx
            .insert(risks)
            .values({ threatId: U.threat, inherentLikelihood: 1, inherentImpact: 1, inherentLevel: 'low', currentLevel: 'low', inherentSort: 1, currentSort: 1 })
            .returning({ id: risks.id });
          if (linked.length) await tx.insert(riskAssets).values(linked.map((a) => ({ riskId: r!.id, assetId: a.id })));
          out.push({ id: r!.id, row: { assets: spec } });
        }
        return out;
      },
      select: selectFrom(risks, risks.id),
    });
  });

  it('incidents', async () => {
    await agree({ scope: incidentScope, records: fc.array(incidentRecord, { maxLength: 10 }), insert: insertIncidents, select: selectFrom(incidents, incidents.id) });
  });

  it('corrective actions (their incident, or their owner)', async () => {
    await agree({
      scope: actionScope,
      records: fc.array(fc.record({ ownerId: maybe(poolPerson), incident: incidentRecord }), { maxLength: 8 }),
      insert: async (tx, specs) => {
        if (!specs.length) return [];
        const made = await insertIncidents(
          tx,
          specs.map((s) => s.incident),
        );
        const refs = specs.map(() => `CA-${tag()}`);
        const actions = await tx
          .insert(incidentActions)
          .values(specs.map((s, i) => ({ incidentId: made[i]!.id, ref: refs[i]!, kind: 'corrective', title: 'action', ownerId: s.ownerId, dueOn: '2026-06-01' })))
          .returning({ id: incidentActions.id, ref: incidentActions.ref });
        return specs.map((row, i) => ({ id: actions.find((a) => a.ref === refs[i])!.id, row }));
      },
      select: (tx, where, ids) =>
        tx
          .select({ id: incidentActions.id })
          .from(incidentActions)
          .innerJoin(incidents, eq(incidents.id, incidentActions.incidentId))
          .where(and(inArray(incidentActions.id, ids), where)),
    });
  });

  it('people (the directory)', async () => {
    await agree({ scope: personScope, records: fc.array(personRecord, { maxLength: 10 }), insert: insertPeople, select: selectFrom(people, people.id), persons: (rows) => rows.map((r) => r.id) });
  });

  it('addressees (secure exchange)', async () => {
    await agree({ scope: addresseeScope, records: fc.array(personRecord, { maxLength: 10 }), insert: insertPeople, select: selectFrom(people, people.id), persons: (rows) => rows.map((r) => r.id) });
  });

  it('whose acknowledgments', async () => {
    await agree({ scope: acknowledgerScope, records: fc.array(personRecord, { maxLength: 10 }), insert: insertPeople, select: selectFrom(people, people.id), persons: (rows) => rows.map((r) => r.id) });
  });

  it('violation cases', async () => {
    await agree({
      scope: violationScope,
      records: fc.array(someOf(() => U.pool, 2), { maxLength: 10 }),
      insert: async (tx, specs) => {
        if (!specs.length) return [];
        const refs = specs.map(() => `VC-${tag()}`);
        const made = await tx
          .insert(violationCases)
          .values(refs.map((ref) => ({ ref, subjectId: U.pool[0]!, severity: 'minor' })))
          .returning({ id: violationCases.id, ref: violationCases.ref });
        const ids = refs.map((ref) => made.find((m) => m.ref === ref)!.id);
        const investigators = specs.flatMap((personIds, i) => personIds.map((personId) => ({ caseId: ids[i]!, personId })));
        if (investigators.length) await tx.insert(violationInvestigators).values(investigators);
        return specs.map((investigatorIds, i) => ({ id: ids[i]!, row: { investigatorIds } }));
      },
      select: selectFrom(violationCases, violationCases.id),
    });
  });

  interface TransferRecord {
    senderPersonId: string;
    senderUnitId: string | null;
    senderInstitutionId: string | null;
    state: string;
    recipientIds: string[];
    approverIds: string[];
  }
  const transferRecord: fc.Arbitrary<TransferRecord> = fc.record({
    senderPersonId: poolPerson,
    senderUnitId: maybe(unit),
    senderInstitutionId: maybe(inst),
    state: fc.constantFrom('draft', 'awaiting_approval', 'available', 'withdrawn'),
    recipientIds: someOf(() => U.pool, 2),
    approverIds: someOf(() => U.pool, 1),
  });
  const insertTransfers = async (tx: Conn, specs: TransferRecord[]) => {
    if (!specs.length) return [];
    const now = new Date();
    const purposes = specs.map(() => tag());
    const made = await tx
      .insert(exchangeTransfers)
      .values(
        specs.map((s, i) => ({
          senderPersonId: s.senderPersonId,
          senderUnitId: s.senderUnitId,
          senderInstitutionId: s.senderInstitutionId,
          state: s.state,
          purpose: purposes[i]!,
          classification: 'internal',
          dataCategory: 'general',
          expiryDays: 7,
          expiresAt: now,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: exchangeTransfers.id, purpose: exchangeTransfers.purpose });
    const ids = purposes.map((p) => made.find((m) => m.purpose === p)!.id);
    const rows = specs.map((s) => ({ ...s, recipientIds: s.recipientIds.filter((p) => p !== s.senderPersonId) }));
    const recipients = rows.flatMap((r, i) => r.recipientIds.map((personId) => ({ transferId: ids[i]!, personId, createdAt: now })));
    const approvals = rows.flatMap((r, i) => r.approverIds.map((approverId) => ({ transferId: ids[i]!, approverId, decision: 'approved', at: now })));
    if (recipients.length) await tx.insert(exchangeRecipients).values(recipients);
    if (approvals.length) await tx.insert(exchangeApprovals).values(approvals);
    return rows.map((row, i) => ({ id: ids[i]!, row }));
  };

  it('exchange transfers', async () => {
    await agree({ scope: transferScope, records: fc.array(transferRecord, { maxLength: 10 }), insert: insertTransfers, select: selectFrom(exchangeTransfers, exchangeTransfers.id) });
  });

  it('the approval queue', async () => {
    await agree({ scope: approvalQueueScope, records: fc.array(transferRecord, { maxLength: 10 }), insert: insertTransfers, select: selectFrom(exchangeTransfers, exchangeTransfers.id) });
  });

  it('documents', async () => {
    await agree({
      scope: documentScope,
      records: fc.array(
        fc.record({ retired: fc.boolean(), audience, versionStatuses: fc.subarray(['draft', 'review', 'published', 'superseded']) }),
        { maxLength: 8 },
      ),
      insert: async (tx, specs) => {
        if (!specs.length) return [];
        const now = new Date();
        const codes = specs.map(() => `D-${tag()}`);
        const made = await tx
          .insert(documents)
          // (generated objects have no prototype; the JSON column wants plain ones)
          .values(specs.map((s, i) => ({ code: codes[i]!, kind: 'policy', titleJa: '文書', titleEn: 'Document', audience: { ...s.audience }, retiredAt: s.retired ? now : null })))
          .returning({ id: documents.id, code: documents.code });
        const ids = codes.map((c) => made.find((m) => m.code === c)!.id);
        const versions = specs.flatMap((s, i) => s.versionStatuses.map((status, n) => ({ documentId: ids[i]!, version: `${n + 1}.0`, status })));
        if (versions.length) await tx.insert(documentVersions).values(versions);
        return specs.map((s, i) => ({ id: ids[i]!, row: { retiredAt: s.retired ? now : null, audience: s.audience, versionStatuses: s.versionStatuses } }));
      },
      select: selectFrom(documents, documents.id),
    });
  });

  it('access-review items', async () => {
    await agree({
      scope: reviewItemScope,
      records: fc.array(fc.record({ reviewer: fc.constantFrom('site_coordinator', 'data_center'), institutionId: maybe(inst) }), { maxLength: 10 }),
      insert: async (tx, specs) => {
        if (!specs.length) return [];
        const rows = await tx
          .insert(accessReviewItems)
          .values(specs.map((s) => ({ ...s, campaignId: U.campaign, personId: U.pool[0]!, personNameJa: '試験', personNameEn: 'Test', personEmail: 'x@example.jp', role: 'researcher' })))
          .returning({ id: accessReviewItems.id });
        return rows.map((r, i) => ({ id: r.id, row: specs[i]! }));
      },
      select: selectFrom(accessReviewItems, accessReviewItems.id),
    });
  });

  it('registration changes', async () => {
    const change: fc.Arbitrary<RegistrationChangePayload> = fc.oneof(
      fc.record({ kind: fc.constant('move' as const), fromInstitutionId: inst, toInstitutionId: inst }),
      fc.record({ kind: fc.constant('retire' as const) }),
    ) as fc.Arbitrary<RegistrationChangePayload>;
    await agree({
      scope: registrationChangeScope,
      records: fc.array(fc.record({ person: personRecord, submittedBy: maybe(poolPerson), change }), { maxLength: 8 }),
      insert: async (tx, specs) => {
        if (!specs.length) return [];
        const persons = await insertPeople(
          tx,
          specs.map((s) => s.person),
        );
        // one change per person: the person identifies it
        const made = await tx
          .insert(registrationChanges)
          .values(specs.map((s, i) => ({ personId: persons[i]!.id, submittedBy: s.submittedBy, kind: s.change.kind, change: { ...s.change } })))
          .returning({ id: registrationChanges.id, personId: registrationChanges.personId });
        return specs.map((s, i) => ({
          id: made.find((m) => m.personId === persons[i]!.id)!.id,
          row: { personId: persons[i]!.id, submittedBy: s.submittedBy, change: s.change, personInstitutionIds: s.person.institutionIds },
        }));
      },
      select: selectFrom(registrationChanges, registrationChanges.id),
      persons: (rows) => rows.map((r) => r.row.personId),
    });
  });

  for (const [name, scope] of [
    ['course assignments', assignmentScope],
    ['course assignments (one’s own)', assignmentScope.own],
  ] as const) {
    it(name, async () => {
      await agree({
        scope,
        records: fc.array(poolPerson, { maxLength: 10 }),
        insert: async (tx, owners) => {
          if (!owners.length) return [];
          const rows = await tx
            .insert(courseAssignments)
            .values(owners.map((personId) => ({ courseId: U.course, personId, cycle: tag(), assignedAt: new Date(), dueOn: '2026-06-01' })))
            .returning({ id: courseAssignments.id });
          return rows.map((r, i) => ({ id: r.id, row: { personId: owners[i]! } }));
        },
        select: selectFrom(courseAssignments, courseAssignments.id),
      });
    });
  }
});
