import { hash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Conn } from '../db/client.js';
import type { Checkpoint, VerifyResult } from './audit.service.js';
import { GENESIS_HASH } from './chain.js';

/*
 * The audit chain verifier's hot path. It must reach the same verdict as hashing drizzle's
 * `select()` rows with `chainHash` (the first implementation), so each step reproduces what that
 * path does to a value, only without drizzle's per-row mapping, Date objects and generic encoder:
 *
 *   seq             Number(int8 text)                      the same
 *   at              new Date(timestamptz text)             isoFromTimestamptz(text), same string (tested)
 *   scope, details  JSON.parse, and JSON.parse again when  jsonbValue(), the same two steps
 *                   that gives a string (drizzle's jsonb
 *                   mapFromDriverValue)
 *   encoding        canonicalEntry (chain.ts)              canonicalRow, same bytes (tested)
 *   hash            createHash().update() ×3               crypto.hash of the concatenation, same digest
 */

/** One entry as the verifier reads it: the 11 chained fields in canonical order, then prev_hash and hash. */
export type RawEntry = [
  seq: number,
  at: string,
  actorPersonId: string | null,
  actorSessionId: string | null,
  actorIp: string | null,
  actorUserAgent: string | null,
  action: string,
  targetType: string | null,
  targetId: string | null,
  scope: unknown,
  details: unknown,
  prevHash: string,
  hash: string,
];

const COLUMNS = 'seq, at, actor_person_id, actor_session_id, actor_ip, actor_user_agent, action, target_type, target_id, scope, details, prev_hash, hash';

/** SHA-256(prevHash ‖ "\n" ‖ canonical), hex: the digest `chainHash` computes, in one native call. */
export function linkHash(prevHash: string, canonical: string): string {
  return hash('sha256', prevHash + '\n' + canonical, 'hex');
}

/** What drizzle's jsonb column makes of a value the driver has already JSON-parsed once. */
export function jsonbValue(parsed: unknown): unknown {
  if (typeof parsed !== 'string') return parsed;
  try {
    return JSON.parse(parsed);
  } catch {
    return parsed;
  }
}

const jsonbText = (text: string | null): unknown => (text === null ? null : jsonbValue(JSON.parse(text)));

/**
 * The ISO string `new Date(text).toISOString()` gives for PostgreSQL's timestamptz output, without
 * building a Date for the common shape (UTC session, years 1000–9999). V8 truncates fractional
 * seconds to milliseconds, and so does this; any other shape takes the Date path.
 */
export function isoFromTimestamptz(text: string): string {
  const n = text.length;
  // "YYYY-MM-DD HH:MM:SS+00" (22) or with ".f" … ".ffffff" (24..29)
  if (
    (n === 22 || (n >= 24 && n <= 29 && text.charCodeAt(19) === 46)) &&
    text.charCodeAt(4) === 45 &&
    text.charCodeAt(7) === 45 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(n - 3) === 43 &&
    text.charCodeAt(n - 2) === 48 &&
    text.charCodeAt(n - 1) === 48 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(0) >= 49 &&
    text.charCodeAt(0) <= 57
  ) {
    const frac = n === 22 ? '000' : (text.slice(20, n - 3) + '00').slice(0, 3);
    return `${text.slice(0, 10)}T${text.slice(11, 19)}.${frac}Z`;
  }
  return new Date(text).toISOString();
}

/** Characters JSON.stringify escapes: quote, backslash, controls, and (when unpaired) surrogates. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be found
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** JSON.stringify(s), skipping the call for the usual string that needs no escaping. */
export function quote(s: string): string {
  return NEEDS_ESCAPE.test(s) ? JSON.stringify(s) : '"' + s + '"';
}

/**
 * canonicalJson (chain.ts) for any value, written for speed: one string built left to right,
 * keys sorted the same way (default sort of own enumerable keys), undefined/functions/symbols
 * skipped in objects and null in arrays, toJSON honoured, everything else JSON.stringify.
 */
export function canonicalJsonFast(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'string':
      return quote(value);
    case 'object': {
      if (Array.isArray(value)) {
        const n = value.length;
        if (n === 0) return '[]';
        let s = '[' + canonicalJsonFast(value[0]);
        for (let i = 1; i < n; i++) s += ',' + canonicalJsonFast(value[i]);
        return s + ']';
      }
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return canonicalJsonFast((toJSON as () => unknown).call(value));
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj);
      if (keys.length > 1) keys.sort();
      let s = '{';
      let first = true;
      for (const k of keys) {
        const v = obj[k];
        if (v === undefined || typeof v === 'function' || typeof v === 'symbol') continue;
        s += (first ? '' : ',') + quote(k) + ':' + canonicalJsonFast(v);
        first = false;
      }
      return s + '}';
    }
    default:
      // numbers, booleans, bigint (throws, as JSON.stringify does); functions and symbols give 'null' in arrays
      return JSON.stringify(value) ?? 'null';
  }
}

const str = (s: string | null): string => (s === null ? 'null' : quote(s));

/** canonicalEntry (chain.ts) of a RawEntry: the same bytes. */
export function canonicalRow(r: RawEntry): string {
  return (
    '[' + JSON.stringify(r[0]) + ',"' + isoFromTimestamptz(r[1]) + '",' + str(r[2]) + ',' + str(r[3]) + ',' + str(r[4]) + ',' + str(r[5]) + ',' +
    str(r[6]) + ',' + str(r[7]) + ',' + str(r[8]) + ',' + canonicalJsonFast(r[9]) + ',' + canonicalJsonFast(r[10]) + ']'
  );
}

/** Reads entries with seq > after, in seq order, at most `limit`. `after` may be the text of an int8. */
export type EntryReader = (after: number | string, limit: number) => Promise<RawEntry[]>;

/** Below every int8: the first read starts here, so entries given a sequence number under 1 are seen too. */
const BEFORE_ALL = '-9223372036854775808';

const rawText = { getTypeParser: () => (v: string) => v };

/**
 * node-postgres pool: array rows, every value as the text PostgreSQL sent, so nothing is parsed
 * that the hash does not need. Several readers may run at once (each takes a pool connection).
 */
function poolReader(pool: pg.Pool): EntryReader {
  return async (after, limit) => {
    const res = await pool.query<unknown[]>({
      text: `select ${COLUMNS} from audit_log where seq > $1 order by seq limit $2`,
      values: [after, limit],
      rowMode: 'array',
      types: rawText,
    });
    // Converted in place: one array per row, the one the driver made.
    const rows = res.rows as unknown[][];
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as unknown[];
      r[0] = Number(r[0]);
      r[9] = jsonbText(r[9] as string | null);
      r[10] = jsonbText(r[10] as string | null);
    }
    return rows as RawEntry[];
  };
}

/**
 * PGlite: its wire-protocol parser costs far more per row than per byte, so each batch comes back
 * as one JSON text (one row), decoded by the native JSON.parse. Text columns survive PostgreSQL's
 * JSON escaping and JSON.parse unchanged, `at` travels as its timestamptz text, and jsonb values
 * arrive parsed once, as the driver would give them.
 */
function pgliteReader(client: PGlite): EntryReader {
  return async (after, limit) => {
    const res = await client.query<[string | null]>(
      `select json_agg(json_build_array(seq, at::text, actor_person_id, actor_session_id, actor_ip, actor_user_agent, action, target_type, target_id, scope, details, prev_hash, hash) order by seq)::text
         from (select ${COLUMNS} from audit_log where seq > $1 order by seq limit $2) t`,
      [after, limit],
      { rowMode: 'array' },
    );
    const text = res.rows[0]?.[0];
    if (!text) return [];
    const rows = JSON.parse(text) as RawEntry[];
    for (const r of rows) {
      r[9] = jsonbValue(r[9]);
      r[10] = jsonbValue(r[10]);
    }
    return rows;
  };
}

/** Any drizzle connection, including an open transaction: plain object rows. */
function connReader(conn: Conn): EntryReader {
  return async (after, limit) => {
    const res = (await conn.execute(
      sql`select seq, at::text as at, actor_person_id, actor_session_id, actor_ip, actor_user_agent, action, target_type, target_id, scope::text as scope, details::text as details, prev_hash, hash
            from audit_log where seq > ${after} order by seq limit ${limit}`,
    )) as unknown as { rows: Record<string, string | number | bigint | null>[] };
    return res.rows.map((r) => [
      Number(r.seq), String(r.at), r.actor_person_id as string | null, r.actor_session_id as string | null, r.actor_ip as string | null, r.actor_user_agent as string | null,
      r.action as string, r.target_type as string | null, r.target_id as string | null, jsonbText(r.scope as string | null), jsonbText(r.details as string | null), r.prev_hash as string, r.hash as string,
    ]);
  };
}

/** The fastest reader for this connection, and whether it may read ahead (several queries in flight). */
export function entryReader(conn: Conn): { read: EntryReader; readAhead: boolean; defaultBatch: number } {
  const client = (conn as { $client?: unknown }).$client;
  if (client instanceof pg.Pool) return { read: poolReader(client), readAhead: true, defaultBatch: 5_000 };
  if (client instanceof PGlite) return { read: pgliteReader(client), readAhead: false, defaultBatch: 5_000 };
  return { read: connReader(conn), readAhead: false, defaultBatch: 5_000 };
}

/**
 * Recomputes the chain from the first entry in keyset-paged batches (memory stays flat), reading
 * the next batch while hashing this one where the driver allows. Names the first entry whose
 * sequence, link or hash is wrong; with a checkpoint, also catches truncation and rewriting of
 * everything up to it.
 *
 * With `from` (a checkpoint already verified and signed earlier) only the entries from that one on
 * are read: its entry must still hash to the signed hash (which, SHA-256 being what it is, also
 * pins every entry before it), and each later entry must link and hash correctly. The scheduled
 * witness uses this so each run costs what was appended since the last one.
 */
export async function verifyChain(
  conn: Conn,
  opts: { checkpoint?: Checkpoint; from?: Checkpoint; batchSize?: number; onProgress?: (checked: number) => void } = {},
): Promise<VerifyResult> {
  const { read, readAhead, defaultBatch } = entryReader(conn);
  const batchSize = opts.batchSize ?? defaultBatch;
  const start = opts.from && opts.from.seq > 0 ? opts.from : null;
  const cp = opts.checkpoint ?? opts.from;
  let prevHash = GENESIS_HASH;
  let expectedSeq = start ? start.seq : 1;
  let checked = 0;
  let lastSeq: number | null = null;
  // A checkpoint of the empty log (seq 0) is the genesis hash: it holds iff it names that hash.
  let checkpointSeen = cp?.seq === 0 && cp.hash === GENESIS_HASH;
  if (cp?.seq === 0 && !checkpointSeen) return { ok: false, checked, lastSeq, lastHash: prevHash, firstBadSeq: 0, reason: 'the checkpoint of the empty log does not name the genesis hash' };
  let pending: Promise<RawEntry[]> | null = read(start ? start.seq - 1 : BEFORE_ALL, batchSize);
  try {
    while (pending) {
      const rows = await pending;
      pending = null;
      const after = rows.length === batchSize ? (rows[rows.length - 1] as RawEntry)[0] : null;
      if (after !== null && readAhead) pending = read(after, batchSize);
      const bad = check(rows);
      if (bad) return bad;
      opts.onProgress?.(checked);
      if (after !== null && !readAhead) pending = read(after, batchSize);
    }
  } finally {
    // Stopped early at a bad entry: the batch read ahead is no longer wanted.
    pending?.catch(() => undefined);
  }
  if (cp && !checkpointSeen) {
    const from = Math.min(expectedSeq, cp.seq);
    return fail(from, `entries ${from}–${cp.seq} are missing: the log ends at entry ${lastSeq ?? 0} but the signed checkpoint covers entry ${cp.seq}`);
  }
  return { ok: true, checked, lastSeq, lastHash: lastSeq === null ? null : prevHash, firstBadSeq: null, reason: null };

  function fail(seq: number | null, reason: string): VerifyResult {
    return { ok: false, checked, lastSeq, lastHash: prevHash, firstBadSeq: seq, reason };
  }

  function check(rows: RawEntry[]): VerifyResult | null {
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as RawEntry;
      const seq = r[0];
      // Rows numbered below 1 would show in the audit viewer yet sit outside the chain.
      if (seq < expectedSeq) return fail(seq, `entry ${seq} is outside the chain (sequence numbers start at 1)`);
      if (seq !== expectedSeq) return fail(expectedSeq, `entry ${expectedSeq} is missing (next entry is ${seq})`);
      // The starting entry's link was checked when its checkpoint was signed; its own hash is checked below.
      if (start && seq === start.seq) prevHash = r[11];
      if (r[11] !== prevHash) return fail(seq, `entry ${seq} does not link to entry ${seq - 1}`);
      if (linkHash(prevHash, canonicalRow(r)) !== r[12]) return fail(seq, `entry ${seq} was altered (its hash does not match its contents)`);
      if (cp && seq === cp.seq) {
        if (r[12] !== cp.hash) return fail(seq, `entry ${seq} differs from the signed checkpoint`);
        checkpointSeen = true;
      }
      prevHash = r[12];
      lastSeq = seq;
      expectedSeq++;
      checked++;
    }
    return null;
  }
}
