/**
 * Rules prepared once per scan: regular expressions built, header words normalised, waivers
 * indexed. Everything the hot loops read comes from here.
 */
import type { ColumnWaiver, TripwireRules } from '../../../../shared/tripwire.js';
import { normalizeHeader, normalizeText } from './normalize.js';

export interface CompiledMrn {
  id: string;
  re: RegExp;
  headers: ReadonlySet<string>;
  anyColumn: boolean;
}

export interface Compiled {
  rules: TripwireRules;
  now: Date;
  /** Honorifics alternation for the name detector, null when the name detector is off or none are given. */
  honorific: RegExp | null;
  honorifics: readonly string[];
  /** Normalised, spaces removed. */
  allowNames: readonly string[];
  allowDomains: readonly string[];
  extraNameHeaders: ReadonlySet<string>;
  mrnHeaders: ReadonlySet<string>;
  mrn: readonly CompiledMrn[];
  waivers: readonly (ColumnWaiver & { columnKey: string; letterKey: string | null })[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function compileRules(rules: TripwireRules, opts: { now?: Date; allowNames?: readonly string[] } = {}): Compiled {
  const hon = rules.name.enabled ? rules.name.honorifics.map((h) => normalizeText(h)).filter(Boolean) : [];
  const honorific = hon.length
    ? new RegExp(String.raw`([\p{sc=Han}々〆ヶ]+|[\p{sc=Katakana}ー]+)[ ]?(${hon.map(escape).sort((a, b) => b.length - a.length).join('|')})`, 'gu')
    : null;
  const mrn = rules.mrn.enabled
    ? rules.mrn.patterns.map((p) => ({ id: p.id, re: new RegExp(p.pattern, 'u'), headers: new Set(p.headers.map(normalizeHeader)), anyColumn: p.anyColumn }))
    : [];
  return {
    rules,
    now: opts.now ?? new Date(),
    honorific,
    honorifics: hon,
    allowNames: (opts.allowNames ?? []).map((n) => normalizeText(n).replace(/\s+/g, '')).filter((n) => n.length > 0),
    allowDomains: rules.email.allowDomains.map((d) => d.replace(/^@/, '').toLowerCase()),
    extraNameHeaders: new Set(rules.name.extraHeaders.map(normalizeHeader)),
    mrnHeaders: new Set(mrn.flatMap((m) => [...m.headers])),
    mrn,
    waivers: rules.waivers.map((w) => ({
      ...w,
      columnKey: normalizeHeader(w.column),
      letterKey: /^[A-Za-z]{1,3}$/.test(w.column.trim()) ? w.column.trim().toUpperCase() : null,
    })),
  };
}
