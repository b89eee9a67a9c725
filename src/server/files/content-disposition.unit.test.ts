import { parse } from 'content-disposition';
import { describe, expect, it } from 'vitest';
import { contentDisposition } from './content-disposition.js';

describe('contentDisposition', () => {
  it('sends a Japanese name as filename* with an ASCII fallback, and parses back to the real name', () => {
    const header = contentDisposition('患者 一覧(2026).png');
    expect(header).toBe(`attachment; filename="(2026).png"; filename*=UTF-8''%E6%82%A3%E8%80%85%20%E4%B8%80%E8%A6%A7%282026%29.png`);
    expect(parse(header)).toEqual({ type: 'attachment', parameters: { filename: '患者 一覧(2026).png' } });
    expect(contentDisposition('資産台帳.xlsx')).toMatch(/^attachment; filename="file\.xlsx"; filename\*=UTF-8''/);
  });

  it('sends a plain ASCII name as filename alone, quoting what needs quoting', () => {
    expect(contentDisposition('mamori-assets-template-ja.csv')).toBe('attachment; filename="mamori-assets-template-ja.csv"');
    expect(parse(contentDisposition('it\'s "final" (1).csv')).parameters.filename).toBe('it\'s "final" (1).csv');
  });

  it('marks inline files as inline', () => {
    expect(contentDisposition('lesson.pdf', 'inline')).toBe('inline; filename="lesson.pdf"');
  });
});
