import { createHash } from 'node:crypto';

/** The hash before the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields covered by an entry's hash, in their stored form. */
export interface ChainedFields {
  seq: number;
  at: Date;
  actorPersonId: string | null;
  actorSessionId: string | null;
  actorIp: string | null;
  actorUserAgent: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  scope: Record<string, string> | null;
  details: unknown;
}

/** Values JSON.stringify leaves out of objects (and writes as null in arrays). */
const omitted = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * JSON with object keys sorted at every depth, so the encoding does not depend on how jsonb stores it.
 * Like JSON.stringify it honours toJSON (a Date in details is hashed as the ISO string jsonb stores)
 * and leaves out functions and symbols; for anything JSON.parse can return, the output is unchanged.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || omitted(value)) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') return canonicalJson((toJSON as () => unknown).call(value));
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj).filter((k) => !omitted(obj[k])).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The canonical encoding of one entry: a JSON array in a fixed field order. */
export function canonicalEntry(e: ChainedFields): string {
  return canonicalJson([
    e.seq,
    e.at.toISOString(),
    e.actorPersonId,
    e.actorSessionId,
    e.actorIp,
    e.actorUserAgent,
    e.action,
    e.targetType,
    e.targetId,
    e.scope,
    e.details ?? null,
  ]);
}

/** hash = SHA-256(prevHash ‖ "\n" ‖ canonical(entry)), hex. */
export function chainHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(e)).digest('hex');
}
