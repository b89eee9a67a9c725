import { inArray } from 'drizzle-orm';
import { CreatePerson, UpdatePerson, type RoleAssignment } from '../../../../shared/org.js';
import type { Role } from '../../../../shared/roles.js';
import type { AppContext } from '../../../context.js';
import type { Actor } from '../../../authz/actor.js';
import type { Conn } from '../../../db/client.js';
import { people } from '../../../db/schema/index.js';
import { loadAffiliations, type PersonRow } from '../people.repo.js';
import { PeopleService } from '../people.service.js';
import { isProblem, loadCodeMaps, resolveCode, splitList, type CodeMaps, type Part, type ValueProblem } from './code-lookup.js';
import { PERSON_COLUMNS } from './import-columns.js';
import { DuplicateCheck, PROGRESS_BATCH, RowCheck, type Importer, type Plan, type WriteOp } from './importer.js';
import { parseRoles, roleKey } from './role-spec.js';
import type { CsvTable } from './csv-rows.js';

/** A planned person write. Updates carry only the columns the file has. */
export type PersonOp = WriteOp<CreatePerson, UpdatePerson>;

type Current = { row: PersonRow; links: Record<'institutionIds' | 'researchGroupIds' | 'committeeIds', string[]>; roles: RoleAssignment[] };

const TEXT_FIELDS = ['familyNameJa', 'givenNameJa', 'familyNameKana', 'givenNameKana', 'familyNameEn', 'givenNameEn'] as const;
const LIST_FIELDS = { institutions: ['institutionIds', 'institution'], researchGroups: ['researchGroupIds', 'researchGroup'], committees: ['committeeIds', 'committee'] } as const;
/** Schema key → CSV field, for putting schema errors on the right column. */
const COLUMN_OF: Record<string, string> = { institutionIds: 'institutions', researchGroupIds: 'researchGroups', committeeIds: 'committees', unitId: 'unit' };
const PRIVILEGED: readonly Role[] = ['security_manager', 'system_admin'];
const CHUNK = 1000;

const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');
const privilegedKeys = (roles: RoleAssignment[]) => roles.filter((r) => PRIVILEGED.includes(r.role)).map(roleKey);

/** The people the file names who already exist, with their affiliations and roles, in bounded queries. */
async function loadCurrent(conn: Conn, emails: string[]): Promise<Map<string, Current>> {
  const found = new Map<string, Current>();
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows = await conn.select().from(people).where(inArray(people.email, emails.slice(i, i + CHUNK)));
    if (!rows.length) continue;
    const aff = await loadAffiliations(conn, rows.map((r) => r.id));
    for (const row of rows) {
      const ids = (refs: { id: string }[] | undefined) => (refs ?? []).map((x) => x.id);
      found.set(row.email, {
        row,
        links: { institutionIds: ids(aff.inst.get(row.id)), researchGroupIds: ids(aff.groups.get(row.id)), committeeIds: ids(aff.comms.get(row.id)) },
        roles: (aff.roles.get(row.id) ?? []).map((r) => ({ role: r.role as Role, institutionId: r.institutionId, researchGroupId: r.researchGroupId, unitId: r.unitId, committeeId: r.committeeId })),
      });
    }
  }
  return found;
}

/** Whether applying `input` would change nothing (so the row needs no write and no audit entry). */
function unchanged(cur: Current, input: UpdatePerson): boolean {
  return Object.entries(input).every(([k, v]) => {
    if (v === undefined) return true;
    if (k === 'roles') return sameSet((v as RoleAssignment[]).map(roleKey), cur.roles.map(roleKey));
    if (k in cur.links) return sameSet(v as string[], cur.links[k as keyof Current['links']]);
    return (cur.row as Record<string, unknown>)[k] === v;
  });
}

/** Resolves a cell of codes; every problem in the cell is reported together. */
function resolveAll(maps: CodeMaps, part: Part, codes: string[]): { ids: string[]; problems: ValueProblem[] } {
  const ids: string[] = [];
  const problems: ValueProblem[] = [];
  for (const code of codes) {
    const hit = resolveCode(maps, part, code);
    if (isProblem(hit)) problems.push(hit);
    else ids.push(hit.id);
  }
  return { ids, problems };
}

const report = (rc: RowCheck, field: string, problems: ValueProblem[]) => {
  if (problems[0]) rc.add(field, problems[0].code, problems.map((p) => p.message).join(' '));
};

/** Builds the service input from the columns present; empty optional cells clear the value. */
function buildInput(rc: RowCheck, table: CsvTable, values: Record<string, string>, maps: CodeMaps): Record<string, unknown> {
  const has = (f: string) => table.headers.has(f);
  const input: Record<string, unknown> = { email: values.email };
  for (const f of TEXT_FIELDS) if (has(f)) input[f] = values[f];
  if (has('note')) input.note = values.note || null;
  if (has('unit')) {
    const hit = values.unit ? resolveCode(maps, 'unit', values.unit) : null;
    if (hit && isProblem(hit)) report(rc, 'unit', [hit]);
    input.unitId = hit && !isProblem(hit) ? hit.id : null;
  }
  for (const [field, [key, part]] of Object.entries(LIST_FIELDS)) {
    if (!has(field)) continue;
    const { ids, problems } = resolveAll(maps, part, splitList(values[field] ?? ''));
    report(rc, field, problems);
    input[key] = ids;
  }
  if (has('roles')) {
    const { roles, problems } = parseRoles(values.roles ?? '', maps);
    report(rc, 'roles', problems);
    input.roles = roles;
  }
  return input;
}

/**
 * People, upserted by email address. Codes in the file are resolved to registry ids once, and
 * each row is validated with the same schemas the API uses. Changing who holds security_manager
 * or system_admin is refused here, row by row, unless the importer may grant those roles.
 */
export function personImporter(ctx: AppContext): Importer<PersonOp> {
  const service = new PeopleService(ctx);
  return {
    columns: PERSON_COLUMNS,

    async plan(conn: Conn, actor: Actor, table, progress) {
      const maps = await loadCodeMaps(conn);
      const emails = [...new Set(table.rows.map((r) => CreatePerson.shape.email.safeParse(r.values.email).data).filter((e): e is string => !!e))];
      const current = await loadCurrent(conn, emails);
      const mayGrantPrivileged = ctx.authz.can(actor, 'role.grant_privileged');
      const seen = new DuplicateCheck('email address');
      const plan: Plan<PersonOp> = { rows: [], problems: [] };
      for (const [i, { row, values, overflow }] of table.rows.entries()) {
        const rc = new RowCheck(row, table, overflow);
        rc.required(values, ['email', 'familyNameJa', 'familyNameEn']);
        const input = buildInput(rc, table, values, maps);
        const email = CreatePerson.shape.email.safeParse(values.email).data;
        if (email) seen.check(rc, 'email', email);
        const cur = email ? current.get(email) : undefined;
        const parsed = cur ? UpdatePerson.safeParse(input) : CreatePerson.safeParse(input);
        if (!parsed.success) rc.schema(parsed.error, values, (k) => COLUMN_OF[k] ?? k);
        if (parsed.success && parsed.data.roles) {
          const before = cur ? privilegedKeys(cur.roles) : [];
          if (!sameSet(before, privilegedKeys(parsed.data.roles)) && !mayGrantPrivileged) {
            rc.add('roles', 'FORBIDDEN_ROLE', `Only the information security manager or a system administrator may grant or revoke ${PRIVILEGED.join(' or ')}.`);
          }
        }
        if (rc.ok && parsed.success) {
          if (!cur) plan.rows.push({ row, op: { row, id: null, input: parsed.data as CreatePerson } });
          else {
            const { email: _email, ...update } = parsed.data as UpdatePerson; // the key, never changed by an import
            plan.rows.push({ row, op: unchanged(cur, update) ? null : { row, id: cur.row.id, input: update } });
          }
        }
        plan.problems.push(...rc.problems);
        if ((i + 1) % PROGRESS_BATCH === 0) await progress(i + 1);
      }
      return plan;
    },

    async write(tx, actor, op) {
      if (op.id === null) {
        await service.createInTx(tx, actor, op.input);
        return 'created';
      }
      await service.updateInTx(tx, actor, op.id, op.input);
      return 'updated';
    },
  };
}
