/**
 * Open Packaging Conventions, the little XLSX and DOCX share: part names and the relationship
 * parts (`_rels/*.rels`) that tie a workbook to its sheets, a sheet to its comments.
 */
import { parseEntry } from './xml.js';
import type { ZipArchive } from './zip.js';

/** A relationship: its type URI and its target as a part name. */
export interface Relationship {
  type: string;
  target: string;
}

/** A relationship target as a part name, resolved against the source part's folder ('xl/'). */
export function resolveTarget(folder: string, target: string): string {
  const path = target.startsWith('/') ? target.slice(1) : `${folder}${target}`;
  const parts: string[] = [];
  for (const p of path.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.' && p !== '') parts.push(p);
  }
  return parts.join('/');
}

/** The folder of a part name, with its slash ('xl/worksheets/sheet1.xml' → 'xl/worksheets/'). */
export const folderOf = (part: string): string => part.slice(0, part.lastIndexOf('/') + 1);

/**
 * A part's relationships by id (external targets left out: they name no part of the package);
 * empty when the part has no relationship part.
 */
export async function readRels(zip: ZipArchive, part: string): Promise<Map<string, Relationship>> {
  const folder = folderOf(part);
  const rels = new Map<string, Relationship>();
  const entry = zip.find(`${folder}_rels/${part.slice(folder.length)}.rels`);
  if (!entry) return rels;
  await parseEntry(zip, entry, {
    open: (name, a) => {
      if (name === 'Relationship' && a.Id && a.Target && a.TargetMode !== 'External') rels.set(a.Id, { type: a.Type ?? '', target: resolveTarget(folder, a.Target) });
    },
    close: () => undefined,
    text: () => undefined,
  });
  return rels;
}

/** The target of the first relationship whose type ends with `type` ('/sharedStrings'), if any. */
export function targetOfType(rels: Map<string, Relationship>, type: string): string | undefined {
  for (const r of rels.values()) if (r.type.endsWith(type)) return r.target;
  return undefined;
}
