import { describe, expect, it } from 'vitest';
import { zipSync, type Zippable } from 'fflate';
import iconv from 'iconv-lite';
import { checkHead, ContentRefusedError, inspectZip, sanitizeFileName, textVerdict, typeForName, type ZipLimits } from './content-check.js';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ContentRefusedError) return `${e.code}:${e.reason}`;
    throw e;
  }
  return 'accepted';
};
const refusalOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    if (e instanceof ContentRefusedError) return `${e.code}:${e.reason}`;
    throw e;
  }
  return 'accepted';
};

describe('file names', () => {
  it('keeps the last path part, NFC, without control, bidi or reserved characters', () => {
    expect(sanitizeFileName('../../etc/passwd.csv')).toBe('passwd.csv');
    expect(sanitizeFileName('C:\\Users\\sato\\症例報告.docx')).toBe('症例報告.docx');
    expect(sanitizeFileName('ガ'.normalize('NFD') + '.txt')).toBe('ガ.txt');
    expect(sanitizeFileName('invoice\u202Efdp.exe.txt')).toBe('invoicefdp.exe.txt');
    expect(sanitizeFileName('a\u0000b\u0007c\r\n.csv')).toBe('abc.csv');
    expect(sanitizeFileName('  ..hidden.csv. ')).toBe('hidden.csv');
    expect(sanitizeFileName('what?<is>*this|".pdf')).toBe('what__is__this__.pdf');
    expect(refusal(() => sanitizeFileName('../..'))).toBe('FILE_TYPE_REFUSED:name_empty');
  });

  it('limits the length, keeping the extension', () => {
    const n = sanitizeFileName(`${'長'.repeat(300)}.xlsx`);
    expect([...n].length).toBe(200);
    expect(n.endsWith('.xlsx')).toBe(true);
  });

  it('allows only the listed extensions', () => {
    expect(['a.csv', 'a.TSV', 'a.txt', 'a.xlsx', 'a.docx', 'a.pdf', 'a.zip', 'a.png', 'a.jpg', 'a.JPEG'].map(typeForName)).toEqual(['csv', 'tsv', 'txt', 'xlsx', 'docx', 'pdf', 'zip', 'png', 'jpeg', 'jpeg']);
    for (const n of ['a.exe', 'a.xlsm', 'a.xls', 'a.doc', 'a.html', 'a.svg', 'csv', 'a.csv.exe']) expect(refusal(() => typeForName(n))).toBe('FILE_TYPE_REFUSED:extension_not_allowed');
  });
});

describe('first bytes', () => {
  it('wants the magic number of the type the name promises', () => {
    expect(refusal(() => checkHead('pdf', Buffer.from('%PDF-1.7\n%âãÏÓ'), false))).toBe('accepted');
    expect(refusal(() => checkHead('png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), false))).toBe('accepted');
    expect(refusal(() => checkHead('jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), false))).toBe('accepted');
    expect(refusal(() => checkHead('xlsx', Buffer.from('PK\x03\x04rest', 'latin1'), false))).toBe('accepted');
    expect(refusal(() => checkHead('pdf', Buffer.from('PK\x03\x04', 'latin1'), false))).toBe('FILE_TYPE_REFUSED:content_mismatch');
    expect(refusal(() => checkHead('png', Buffer.from('GIF89a'), false))).toBe('FILE_TYPE_REFUSED:content_mismatch');
    expect(refusal(() => checkHead('pdf', Buffer.alloc(0), true))).toBe('FILE_TYPE_REFUSED:content_mismatch');
  });

  it('takes text as UTF-8 (BOM or not) or Shift_JIS, and refuses binary and disguised files as text', () => {
    expect(refusal(() => checkHead('csv', Buffer.from('\uFEFF登録番号,群\r\nJ-1,A\r\n'), true))).toBe('accepted');
    expect(refusal(() => checkHead('csv', iconv.encode('登録番号,群\r\nJ-1,Ａ群\r\n', 'Shift_JIS'), true))).toBe('accepted');
    expect(refusal(() => checkHead('txt', Buffer.alloc(0), true))).toBe('accepted');
    expect(refusal(() => checkHead('csv', Buffer.from('%PDF-1.4 text-looking'), true))).toBe('FILE_TYPE_REFUSED:content_mismatch');
    expect(refusal(() => checkHead('csv', Buffer.from('PK\x03\x04', 'latin1'), true))).toBe('FILE_TYPE_REFUSED:content_mismatch');
    expect(refusal(() => checkHead('txt', Buffer.from('abc\0def'), true))).toBe('FILE_TYPE_REFUSED:not_text');
    expect(refusal(() => checkHead('txt', Buffer.from([0x80, 0x81, 0xfe, 0xff, 0x90, 0x20]), true))).toBe('FILE_TYPE_REFUSED:not_text');
    expect(refusal(() => checkHead('txt', Buffer.from('\x01\x02\x03\x04\x05\x06 mostly control'), true))).toBe('FILE_TYPE_REFUSED:not_text');
  });

  it('accepts a sample cut inside a multi-byte character when more follows', () => {
    const b = Buffer.from('あいう');
    expect(textVerdict(b.subarray(0, b.length - 1), false)).toMatchObject({ text: true });
    const s = iconv.encode('あいう', 'Shift_JIS');
    expect(textVerdict(s.subarray(0, s.length - 1), false)).toMatchObject({ text: true, encoding: 'shift_jis' });
  });
});

describe('archives', () => {
  const inspect = (expected: 'zip' | 'xlsx' | 'docx', data: Uint8Array, limits?: ZipLimits) => {
    const buf = Buffer.from(data);
    return inspectZip(
      expected,
      buf.length,
      async (s, e) => buf.subarray(s, e),
      async (s) =>
        (async function* () {
          // as the vault gives it: pieces of a few KiB
          for (let i = s; i < buf.length; i += 5000) yield buf.subarray(i, Math.min(buf.length, i + 5000));
        })(),
      limits,
    );
  };
  const ooxml = (kind: 'xl' | 'word', more: Zippable = {}) =>
    zipSync({ '[Content_Types].xml': Buffer.from('<Types/>'), ...(kind === 'xl' ? { 'xl/workbook.xml': Buffer.from('<workbook/>') } : { 'word/document.xml': Buffer.from('<document/>') }), ...more });
  const small: ZipLimits = { maxEntries: 20, maxUnpacked: 8 * 1024 * 1024, maxRatio: 50, ratioFloor: 1024 * 1024 };

  it('recognizes xlsx and docx by their parts, and counts the real unpacked size', async () => {
    expect(await inspect('xlsx', ooxml('xl', { 'xl/worksheets/sheet1.xml': Buffer.from('<row/>'.repeat(1000)) }))).toEqual({ type: 'xlsx', entries: 3, unpacked: 8 + 11 + 6000 });
    expect(await inspect('docx', ooxml('word'))).toMatchObject({ type: 'docx', entries: 2 });
    expect(await inspect('zip', zipSync({ 'a.csv': Buffer.from('x,y\n'), 'dir/b.txt': [Buffer.from('stored'), { level: 0 }] }))).toMatchObject({ type: 'zip', entries: 2, unpacked: 10 });
    expect(await refusalOf(inspect('xlsx', ooxml('word')))).toBe('FILE_TYPE_REFUSED:content_mismatch');
    expect(await refusalOf(inspect('docx', zipSync({ 'a.txt': Buffer.from('a') })))).toBe('FILE_TYPE_REFUSED:content_mismatch');
  });

  it('refuses zip bombs: too much unpacked data, a high ratio, overlapping entries', async () => {
    expect(await refusalOf(inspect('zip', zipSync({ 'z.bin': new Uint8Array(12 * 1024 * 1024) }), small))).toMatch(/ARCHIVE_REFUSED:(too_large_unpacked|compression_ratio)/);
    expect(await refusalOf(inspect('zip', zipSync({ 'z.bin': new Uint8Array(4 * 1024 * 1024) }), small))).toBe('ARCHIVE_REFUSED:compression_ratio');
    // headers that lie about the size do not help: the real output is counted
    const lying = Buffer.from(zipSync({ 'z.bin': new Uint8Array(12 * 1024 * 1024) }));
    for (let i = 0; i < lying.length - 4; i++) if (lying.readUInt32LE(i) === 0x02014b50) lying.writeUInt32LE(10, i + 24);
    expect(await refusalOf(inspect('zip', lying, small))).toMatch(/ARCHIVE_REFUSED:(too_large_unpacked|compression_ratio)/);
    expect(await refusalOf(inspect('zip', overlapping()))).toBe('ARCHIVE_REFUSED:overlapping_entries');
    const many: Zippable = {};
    for (let i = 0; i < 21; i++) many[`f${i}.txt`] = Buffer.from('x');
    expect(await refusalOf(inspect('zip', zipSync(many), small))).toBe('ARCHIVE_REFUSED:too_many_entries');
  });

  it('refuses nested archives, unsafe names, encrypted entries, macros and non-zips', async () => {
    expect(await refusalOf(inspect('zip', zipSync({ 'inner.zip': zipSync({ 'a.txt': Buffer.from('a') }) })))).toBe('ARCHIVE_REFUSED:nested_archive');
    expect(await refusalOf(inspect('zip', zipSync({ '../evil.txt': Buffer.from('a') })))).toBe('ARCHIVE_REFUSED:unsafe_entry_name');
    expect(await refusalOf(inspect('xlsx', ooxml('xl', { 'xl/vbaProject.bin': Buffer.from('macro') })))).toBe('ARCHIVE_REFUSED:macros');
    const enc = Buffer.from(zipSync({ 'a.txt': Buffer.from('secret') }));
    for (let i = 0; i < enc.length - 4; i++) {
      if (enc.readUInt32LE(i) === 0x02014b50) enc.writeUInt16LE(enc.readUInt16LE(i + 8) | 1, i + 8);
    }
    expect(await refusalOf(inspect('zip', enc))).toBe('ARCHIVE_REFUSED:encrypted_entry');
    expect(await refusalOf(inspect('zip', Buffer.from('PK\x03\x04 but nothing else', 'latin1')))).toBe('ARCHIVE_REFUSED:not_a_zip');
    // a docx may embed a workbook (charts do)
    expect(await inspect('docx', ooxml('word', { 'word/embeddings/Microsoft_Excel_Worksheet.xlsx': ooxml('xl') }))).toMatchObject({ type: 'docx' });
  });
});

/** Two central-directory entries sharing one local file (the "non-recursive zip bomb" trick). */
function overlapping(): Uint8Array {
  const one = Buffer.from(zipSync({ 'a.txt': Buffer.from('hello hello hello') }));
  const cdStart = one.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  const eocdStart = one.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const cd = one.subarray(cdStart, eocdStart);
  const second = Buffer.from(cd);
  second.write('b', 46, 'latin1'); // same local header, another name
  const eocd = Buffer.from(one.subarray(eocdStart));
  eocd.writeUInt16LE(2, 8);
  eocd.writeUInt16LE(2, 10);
  eocd.writeUInt32LE(cd.length * 2, 12);
  return Buffer.concat([one.subarray(0, cdStart), cd, second, eocd]);
}
