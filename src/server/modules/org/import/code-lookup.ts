import type { Conn } from '../../../db/client.js';
import { committees, institutions, researchGroups, units } from '../../../db/schema/index.js';

/** The registries a people import refers to by code. */
export type Part = 'institution' | 'researchGroup' | 'unit' | 'committee';

export interface RefEntry {
  id: string;
  code: string;
  active: boolean;
  /** Unit kind or committee kind; null for institutions and research groups. */
  kind: string | null;
}

export type CodeMaps = Record<Part, Map<string, RefEntry>>;

/** A problem found while resolving a value: its code and English message, without row or column yet. */
export interface ValueProblem {
  code: string;
  message: string;
}

export const PART_LABEL: Record<Part, string> = {
  institution: 'institution',
  researchGroup: 'research group',
  unit: 'unit',
  committee: 'committee',
};

const byCode = (rows: RefEntry[]) => new Map(rows.map((r) => [r.code, r]));

/**
 * Loads every code of the four registries once per import: they hold hundreds of entries, not
 * millions, and one query each beats one per row.
 */
export async function loadCodeMaps(conn: Conn): Promise<CodeMaps> {
  const [i, g, u, c] = await Promise.all([
    conn.select({ id: institutions.id, code: institutions.code, active: institutions.active }).from(institutions),
    conn.select({ id: researchGroups.id, code: researchGroups.code, active: researchGroups.active }).from(researchGroups),
    conn.select({ id: units.id, code: units.code, active: units.active, kind: units.kind }).from(units),
    conn.select({ id: committees.id, code: committees.code, active: committees.active, kind: committees.kind }).from(committees),
  ]);
  return {
    institution: byCode(i.map((r) => ({ ...r, kind: null }))),
    researchGroup: byCode(g.map((r) => ({ ...r, kind: null }))),
    unit: byCode(u),
    committee: byCode(c),
  };
}

/** Finds an active registry entry by its exact code, or says why it cannot be used. */
export function resolveCode(maps: CodeMaps, part: Part, code: string): RefEntry | ValueProblem {
  const hit = maps[part].get(code);
  const label = PART_LABEL[part];
  if (!hit) {
    const hint = /[,、\s]/.test(code) ? ' Separate several codes with ";".' : '';
    return { code: 'UNKNOWN_CODE', message: `Unknown ${label} code "${code}".${hint}` };
  }
  if (!hit.active) return { code: 'INACTIVE_CODE', message: `The ${label} "${code}" is deactivated.` };
  return hit;
}

export const isProblem = (x: RefEntry | ValueProblem): x is ValueProblem => !('id' in x);

/** Splits a list cell: `;` (also `；`, which NFKC turns into `;`) or a line break inside the cell. */
export function splitList(cell: string): string[] {
  return [...new Set(cell.split(/[;\n]/).map((s) => s.trim()).filter(Boolean))];
}
