import { describe, expect, it } from 'vitest';
import { decodeCsv } from './csv-decode.js';
import { ImportFileError } from './import-errors.js';
import { fixture, sjis, utf8Bom } from './fixtures/upload.js';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ImportFileError) return e.problems[0]?.code;
    throw e;
  }
  return 'no error';
};

describe('decodeCsv', () => {
  it('decodes UTF-8 with a byte order mark and drops the mark', () => {
    const out = decodeCsv(utf8Bom('施設コード,施設名\r\nA1,甲病院\r\n'));
    expect(out).toEqual({ text: '施設コード,施設名\nA1,甲病院\n', encoding: 'utf-8' });
  });

  it('decodes UTF-8 without a byte order mark', () => {
    expect(decodeCsv(Buffer.from('code,name_ja\nA1,髙島病院\n', 'utf8'))).toEqual({ text: 'code,name_ja\nA1,髙島病院\n', encoding: 'utf-8' });
  });

  it('detects real CP932 bytes written by Excel on Japanese Windows (髙, half-width katakana)', () => {
    const bytes = fixture('institutions-sjis.csv');
    // The committed file really is CP932: 髙 is the IBM extension 0xFBFC, ﾆｼ are single bytes 0xC6 0xBC.
    expect(bytes.includes(Buffer.from([0xfb, 0xfc]))).toBe(true);
    expect(bytes.includes(Buffer.from([0xc6, 0xbc]))).toBe(true);
    const out = decodeCsv(bytes);
    expect(out.encoding).toBe('shift_jis');
    expect(out.text).toContain('髙島総合病院');
    expect(out.text).toContain('ﾆｼ記念病院');
    expect(out.text).not.toContain('\r');
  });

  it('decodes NEC special characters such as ① (0x8740) when Shift_JIS is chosen', () => {
    const bytes = Buffer.concat([Buffer.from('note\n'), Buffer.from([0x87, 0x40, 0x8b, 0x4c, 0x94, 0x4f]), Buffer.from('\n')]);
    expect(decodeCsv(bytes, 'shift_jis')).toEqual({ text: 'note\n①記念\n', encoding: 'shift_jis' });
    expect(decodeCsv(bytes, 'auto').encoding).toBe('shift_jis');
  });

  it('reports plain ASCII as UTF-8 and turns CR and CRLF into LF', () => {
    expect(decodeCsv(Buffer.from('a,b\r\n1,2\r3,4'))).toEqual({ text: 'a,b\n1,2\n3,4', encoding: 'utf-8' });
  });

  it('refuses Shift_JIS bytes when UTF-8 is forced, and a UTF-8 BOM when Shift_JIS is forced', () => {
    expect(codeOf(() => decodeCsv(sjis('施設名\n髙島病院\n'), 'utf-8'))).toBe('INVALID_ENCODING');
    expect(codeOf(() => decodeCsv(utf8Bom('a\n'), 'shift_jis'))).toBe('ENCODING_MISMATCH');
  });

  it('refuses bytes that are neither UTF-8 nor CP932', () => {
    expect(codeOf(() => decodeCsv(Buffer.from([0x61, 0x0a, 0x81, 0x20, 0x0a])))).toBe('INVALID_ENCODING');
  });

  it('refuses binary files: NUL bytes, workbooks, UTF-16, control characters, and empty files', () => {
    expect(codeOf(() => decodeCsv(Buffer.from([0x61, 0x2c, 0x00, 0x62, 0x0a])))).toBe('NOT_TEXT');
    expect(codeOf(() => decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).toBe('NOT_TEXT');
    expect(codeOf(() => decodeCsv(Buffer.from([0xff, 0xfe, 0x61, 0x00])))).toBe('UNSUPPORTED_ENCODING');
    expect(codeOf(() => decodeCsv(Buffer.from('a,b\n\u0001,2\n')))).toBe('NOT_TEXT');
    expect(codeOf(() => decodeCsv(Buffer.alloc(0)))).toBe('EMPTY_FILE');
  });

  it('says in the error what the file is and what to do', () => {
    try {
      decodeCsv(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
      expect.unreachable();
    } catch (e) {
      expect((e as ImportFileError).status).toBe(422);
      expect((e as ImportFileError).code).toBe('IMPORT_INVALID');
      expect((e as ImportFileError).problems[0]).toMatchObject({ row: 0, column: null, message: expect.stringMatching(/Excel workbook.*CSV/) });
    }
  });
});
