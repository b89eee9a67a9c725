import { describe, expect, it } from 'vitest';
import { diffTexts } from './diff.js';

const text = (segs: { text: string; mark?: string }[] | null) => (segs ?? []).map((s) => (s.mark ? `[${s.mark}:${s.text}]` : s.text)).join('');

describe('version diff', () => {
  it('keeps equal lines, marks added and removed lines', () => {
    const rows = diffTexts('# A\nkeep\nold only\n', '# A\nkeep\n');
    expect(rows.map((r) => r.kind)).toEqual(['equal', 'equal', 'delete']);
    expect(text(rows[2]!.left)).toBe('[del:old only]');
    expect(rows[2]!.right).toBeNull();
    const added = diffTexts('a\n', 'a\nb\n');
    expect(added.map((r) => r.kind)).toEqual(['equal', 'insert']);
    expect(text(added[1]!.right)).toBe('[ins:b]');
  });

  it('marks the changed words within a replaced line', () => {
    const [row] = diffTexts('Review the policy every year.', 'Review the policy every two years.');
    expect(row!.kind).toBe('change');
    expect(text(row!.left)).toBe('Review the policy every [del:year].');
    expect(text(row!.right)).toMatch(/^Review the policy every \[ins:two.*years\]\.$/);
    expect(text(row!.left)).not.toContain('ins:');
  });

  it('splits Japanese text into words, not whole sentences', () => {
    const [row] = diffTexts('方針は毎年見直す。', '方針は三年ごとに見直す。');
    expect(row!.kind).toBe('change');
    expect(text(row!.left)).toContain('方針は');
    expect(text(row!.left)).toContain('[del:');
    expect(text(row!.right)).toContain('[ins:');
    expect(text(row!.right).startsWith('方針')).toBe(true);
  });

  it('keeps a last line equal when lines are added after it (with or without a final newline)', () => {
    const rows = diffTexts('# 方針\n\n本文', '# 方針\n\n本文\n\n## パスワード\n');
    expect(rows.map((r) => r.kind)).toEqual(['equal', 'equal', 'equal', 'insert', 'insert']);
    expect(text(rows[4]!.right)).toBe('[ins:## パスワード]');
  });

  it('returns nothing for two empty texts, and treats CRLF like LF', () => {
    expect(diffTexts('', '')).toEqual([]);
    expect(diffTexts('a\r\nb', 'a\nb').every((r) => r.kind === 'equal')).toBe(true);
  });
});
