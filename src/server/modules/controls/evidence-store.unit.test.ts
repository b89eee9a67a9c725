import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cleanContentType, cleanFileName, EvidenceBox } from '../../files/sealed-box.js';
import { bestState, evidenceState } from './evidence-store.js';

describe('evidence files', () => {
  it('keep only a clean last path segment as their name', () => {
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('C:\\Users\\a\\報告書 "最終".pdf')).toBe('報告書 _最終_.pdf');
    expect(cleanFileName('..')).toBe('evidence');
    expect(cleanFileName('.hidden')).toBe('hidden');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('a_b_c.txt');
    expect(cleanFileName(`${'長'.repeat(300)}.xlsx`)).toMatch(/^長{195}\.xlsx$/);
    expect(cleanFileName(undefined)).toBe('evidence');
  });

  it('record a well-formed content type or a generic one', () => {
    expect(cleanContentType('application/pdf; charset=binary')).toBe('application/pdf');
    expect(cleanContentType('text/html<script>')).toBe('application/octet-stream');
    expect(cleanContentType(undefined)).toBe('application/octet-stream');
  });

  it('open only under their own evidence id', () => {
    const box = new EvidenceBox(randomBytes(32));
    const sealed = box.seal(Buffer.from('記録'), 'a');
    expect(box.open(sealed, 'a').toString()).toBe('記録');
    expect(() => box.open(sealed, 'b')).toThrow();
  });
});

describe('evidence state', () => {
  it('is expiring from 30 days before its last day (Japan time) and expired after that day', () => {
    const at = (s: string) => new Date(s);
    expect(evidenceState(null, at('2030-01-01T00:00:00Z'))).toBe('valid');
    expect(evidenceState('2026-06-30', at('2026-05-30T23:59:59+09:00'))).toBe('valid');
    expect(evidenceState('2026-06-30', at('2026-05-31T00:00:00+09:00'))).toBe('expiring');
    expect(evidenceState('2026-06-30', at('2026-06-30T23:59:59+09:00'))).toBe('expiring');
    expect(evidenceState('2026-06-30', at('2026-06-30T15:00:00Z'))).toBe('expired'); // 07-01 00:00 in Tokyo
  });

  it('of a control is its best item’s', () => {
    expect(bestState([])).toBe('none');
    expect(bestState(['expired', 'expiring'])).toBe('expiring');
    expect(bestState(['expired', 'valid'])).toBe('valid');
    expect(bestState(['expired'])).toBe('expired');
  });
});
