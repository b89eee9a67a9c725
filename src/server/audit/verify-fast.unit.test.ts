import { describe, expect, it } from 'vitest';
import { canonicalEntry, canonicalJson, chainHash, type ChainedFields } from './chain.js';
import { canonicalJsonFast, canonicalRow, isoFromTimestamptz, jsonbValue, linkHash, type RawEntry } from './verify-fast.js';

/** A small deterministic PRNG, so a failure names a reproducible case. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = ['a', 'Z', '0', '9', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', 'ｱ', '日', '本', '\u2028', '\ufeff', '\uffff', '🏥', '\ud800', '\udfff', '__proto__', 'constructor', '10', '2'];

function randomString(r: () => number): string {
  let s = '';
  const n = Math.floor(r() * 6);
  for (let i = 0; i < n; i++) s += ALPHABET[Math.floor(r() * ALPHABET.length)];
  return s;
}

const NUMBERS = [0, -0, 1, -1, 0.1, 1e21, 1e-7, 5e-324, 2 ** 53 + 2, -123.456, NaN, Infinity, 2 ** 64 + 1e4];

function randomValue(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 8));
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return NUMBERS[Math.floor(r() * NUMBERS.length)];
    case 3:
    case 4:
      return randomString(r);
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      const n = Math.floor(r() * 6);
      for (let i = 0; i < n; i++) Object.defineProperty(o, randomString(r), { value: randomValue(r, depth + 1), enumerable: true, configurable: true, writable: true });
      return o;
    }
  }
}

describe('canonicalJsonFast', () => {
  it('encodes 20,000 random JSON values byte for byte like canonicalJson', () => {
    const r = prng(20260401);
    for (let i = 0; i < 20_000; i++) {
      const v = randomValue(r, 0);
      expect(canonicalJsonFast(v), JSON.stringify(v)).toBe(canonicalJson(v));
      // and what comes back from jsonb, which JSON.parse builds
      const parsed: unknown = JSON.parse(JSON.stringify(v) ?? 'null');
      expect(canonicalJsonFast(parsed)).toBe(canonicalJson(parsed));
    }
  });

  it('agrees on values JSON.parse never returns: undefined, functions, symbols, Dates, toJSON', () => {
    const cases: unknown[] = [
      undefined,
      [undefined, () => 1, Symbol('s'), 1],
      { a: undefined, b: () => 1, c: Symbol('s'), d: 1 },
      new Date('2026-04-01T09:00:00.123Z'),
      { when: new Date('2026-04-01T09:00:00.123Z'), invalid: new Date(NaN) },
      { toJSON: () => ({ z: 1, a: 2 }) },
      Object.create(null) as object,
      { nested: [{}, [], [[]], { '': '' }] },
    ];
    for (const v of cases) expect(canonicalJsonFast(v)).toBe(canonicalJson(v));
    // a Date is hashed as the ISO string jsonb will hold
    expect(canonicalJson({ when: new Date('2026-04-01T09:00:00.123Z') })).toBe('{"when":"2026-04-01T09:00:00.123Z"}');
  });

  it('sorts keys by UTF-16 code units at every depth, integer-like keys included', () => {
    expect(canonicalJsonFast({ b: 1, a: { d: 1, c: 2 }, '10': 0, '9': 0, '🏥': 0, '\uffff': 0 })).toBe('{"10":0,"9":0,"a":{"c":2,"d":1},"b":1,"🏥":0,"\uffff":0}');
  });
});

/** The value, or the error's name: both ways must agree even on text a Date cannot parse. */
function outcome(fn: () => string): string {
  try {
    return fn();
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

describe('isoFromTimestamptz', () => {
  it('gives what new Date(text).toISOString() gives, for PostgreSQL timestamptz output', () => {
    const r = prng(7);
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (let i = 0; i < 20_000; i++) {
      const year = i % 10 === 0 ? Math.floor(r() * 1000) : 1000 + Math.floor(r() * 9000);
      const day = `${pad(year, 4)}-${pad(1 + Math.floor(r() * 12), 2)}-${pad(1 + Math.floor(r() * 28), 2)}`;
      const time = `${pad(Math.floor(r() * 24), 2)}:${pad(Math.floor(r() * 60), 2)}:${pad(Math.floor(r() * 60), 2)}`;
      const digits = Math.floor(r() * 7);
      const frac = digits ? '.' + String(Math.floor(r() * 10 ** digits)).padStart(digits, '0').replace(/0+$/, '') : '';
      const zone = i % 7 === 0 ? '+09' : i % 11 === 0 ? '-03:30' : '+00';
      const text = `${day} ${time}${frac === '.' ? '' : frac}${zone}`;
      expect(outcome(() => isoFromTimestamptz(text)), text).toBe(outcome(() => new Date(text).toISOString()));
    }
    for (const text of ['10000-01-01 00:00:00+00', '0001-01-01 00:00:00+00', '2026-04-01T09:00:00.123Z', '2026-04-01 09:00:00.123456 UTC']) {
      expect(isoFromTimestamptz(text), text).toBe(new Date(text).toISOString());
    }
    expect(() => isoFromTimestamptz('0044-03-15 12:00:00+00 BC')).toThrow(RangeError);
  });
});

describe('canonicalRow and linkHash', () => {
  it('give the bytes and digest of canonicalEntry and chainHash for the same stored row', () => {
    const r = prng(99);
    for (let i = 0; i < 5_000; i++) {
      const atText = `2026-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:1${i % 10}:2${i % 10}${i % 3 ? '.' + String(i % 1000).padStart(3, '0') + (i % 2 ? '456' : '') : ''}+00`;
      const maybe = () => (r() < 0.3 ? null : randomString(r));
      const scope = r() < 0.5 ? null : { institutionId: randomString(r), [randomString(r)]: randomString(r) };
      const details = randomValue(r, 0);
      const raw: RawEntry = [i + 1, atText, maybe(), maybe(), maybe(), maybe(), randomString(r), maybe(), maybe(), jsonbValue(JSON.parse(JSON.stringify(scope))), jsonbValue(JSON.parse(JSON.stringify(details) ?? 'null')), 'p', 'h'];
      const fields: ChainedFields = {
        seq: raw[0],
        at: new Date(atText),
        actorPersonId: raw[2],
        actorSessionId: raw[3],
        actorIp: raw[4],
        actorUserAgent: raw[5],
        action: raw[6],
        targetType: raw[7],
        targetId: raw[8],
        scope: raw[9] as Record<string, string> | null,
        details: raw[10],
      };
      expect(canonicalRow(raw)).toBe(canonicalEntry(fields));
      const prev = i.toString(16).padStart(64, '0');
      expect(linkHash(prev, canonicalRow(raw))).toBe(chainHash(prev, fields));
    }
  });
});
