import iconv from 'iconv-lite';
import { FILE_ROW, ImportFileError, problem } from './import-errors.js';

/** What the uploader may ask for: detect, or force one of the two encodings Japanese offices use. */
export type RequestedEncoding = 'auto' | 'utf-8' | 'shift_jis';
/** The encoding actually used; `shift_jis` means Microsoft's CP932 (what Excel on Japanese Windows writes). */
export type UsedEncoding = 'utf-8' | 'shift_jis';

export interface DecodedCsv {
  text: string;
  encoding: UsedEncoding;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const startsWith = (buf: Buffer, bytes: number[]) => bytes.every((b, i) => buf[i] === b);
// C0 controls other than tab, LF and CR never occur in a spreadsheet's CSV; they mean a binary file.
// eslint-disable-next-line no-control-regex
const STRAY_CONTROL = /[\u0001-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

const fail = (code: string, message: string): never => {
  throw new ImportFileError([problem(FILE_ROW, null, code, message)]);
};

function strictUtf8(buf: Buffer): string | null {
  try {
    // ignoreBOM: false makes the decoder drop a leading BOM instead of returning U+FEFF.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    return null;
  }
}

function cp932(buf: Buffer): string | null {
  const text = iconv.decode(buf, 'cp932');
  // CP932 maps nothing to U+FFFD, so one in the output is a byte sequence CP932 does not define.
  return text.includes('\uFFFD') ? null : text;
}

/** Rejects files that are plainly not CSV text, with a message saying what they look like. */
function rejectBinary(buf: Buffer): void {
  if (buf.length === 0) fail('EMPTY_FILE', 'The file is empty.');
  if (startsWith(buf, [0x50, 0x4b, 0x03, 0x04])) {
    fail('NOT_TEXT', 'This is an Excel workbook (.xlsx) or another ZIP file, not CSV. In Excel, use "Save As" → "CSV UTF-8 (comma delimited)" or "CSV (comma delimited)".');
  }
  if (startsWith(buf, [0xd0, 0xcf, 0x11, 0xe0])) {
    fail('NOT_TEXT', 'This is an old Excel workbook (.xls), not CSV. In Excel, use "Save As" → "CSV UTF-8 (comma delimited)".');
  }
  if (startsWith(buf, [0xff, 0xfe]) || startsWith(buf, [0xfe, 0xff])) {
    fail('UNSUPPORTED_ENCODING', 'The file is UTF-16 ("Unicode text"), which is not supported. Save it as "CSV UTF-8 (comma delimited)" or "CSV (comma delimited)".');
  }
  if (buf.includes(0)) fail('NOT_TEXT', 'The file contains NUL bytes, so it is a binary file, not CSV text.');
}

/**
 * Turns uploaded bytes into text. `auto`: a UTF-8 byte order mark or bytes that are valid UTF-8
 * mean UTF-8; anything else is tried as CP932 (Shift_JIS as Excel on Japanese Windows writes it,
 * including NEC/IBM extensions such as ① and 髙). Newlines come out as `\n`.
 * Throws ImportFileError (422) for binary files and bytes invalid in the chosen encoding.
 */
export function decodeCsv(buf: Buffer, requested: RequestedEncoding = 'auto'): DecodedCsv {
  rejectBinary(buf);
  const hasBom = startsWith(buf, UTF8_BOM);
  let text: string | null;
  let encoding: UsedEncoding;
  if (requested === 'shift_jis') {
    if (hasBom) fail('ENCODING_MISMATCH', 'The file starts with a UTF-8 byte order mark, but Shift_JIS was chosen. Choose UTF-8 or automatic detection.');
    text = cp932(buf);
    encoding = 'shift_jis';
    if (text === null) fail('INVALID_ENCODING', 'The file is not valid Shift_JIS (CP932). If it was saved as "CSV UTF-8", choose UTF-8 or automatic detection.');
  } else if (requested === 'utf-8' || hasBom) {
    text = strictUtf8(buf);
    encoding = 'utf-8';
    if (text === null) fail('INVALID_ENCODING', 'The file is not valid UTF-8. If Excel on Japanese Windows saved it as "CSV (comma delimited)", choose Shift_JIS or automatic detection.');
  } else {
    text = strictUtf8(buf);
    encoding = 'utf-8';
    if (text === null) {
      text = cp932(buf);
      encoding = 'shift_jis';
    }
    if (text === null) fail('INVALID_ENCODING', 'The file is neither valid UTF-8 nor valid Shift_JIS (CP932). Save it from Excel as "CSV UTF-8 (comma delimited)".');
  }
  const decoded = text as string;
  if (STRAY_CONTROL.test(decoded)) fail('NOT_TEXT', 'The file contains control characters, so it is not plain CSV text.');
  return { text: decoded.replace(/\r\n?/g, '\n'), encoding };
}
