/**
 * CSV/TSV as a stream: decoded chunk by chunk (UTF-8 or CP932), split into records and fields
 * by a small RFC 4180 tokenizer (quoted fields with "" escapes and newlines), and handed to the
 * table scanner. Only fields that could matter are cut out as strings: the tokenizer computes
 * cheap statistics while it walks each field (digits, non-ASCII, @, capitals), the same test as
 * table.ts interesting(). Memory stays at one chunk plus one record (a record is cut at 1 MiB).
 */
import type { Readable } from 'node:stream';
import { StreamDecoder, type Encoding } from './decode.js';
import type { Sink } from './sink.js';
import { StopScan } from './sink.js';
import { labelStats, type TableScanner } from './table.js';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const MAX_RECORD = 1 << 20;

/**
 * Per ASCII character: bit 0 = digit, bits 1… = table.ts Stat flags shifted by one (2 @, 4
 * letter, 12 capital, 16 dot or space). Non-ASCII characters set 2 (Special).
 */
const CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = 1;
  t[64] = 2;
  for (let c = 65; c <= 90; c++) t[c] = 12;
  for (let c = 97; c <= 122; c++) t[c] = 4;
  t[46] = 16;
  t[32] = 16;
  return t;
})();

export interface DelimitedResult {
  bytes: number;
  encoding: Encoding;
  delimiter: string;
}

/** Picks ',' or '\t' (or ';') from the first line when the name does not say. */
export function sniffDelimiter(firstLine: string): string {
  const count = (ch: string) => firstLine.split(ch).length - 1;
  const tabs = count('\t');
  const commas = count(',');
  const semis = count(';');
  if (tabs > commas && tabs >= semis) return '\t';
  if (semis > commas && semis > tabs) return ';';
  return ',';
}

export class DelimitedTokenizer {
  private carry = '';
  private row = 0;
  private readonly delim: number;

  constructor(
    private readonly scanner: TableScanner,
    private readonly sink: Sink,
    delimiter: string,
  ) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Feeds decoded text; `final` on the last call. Throws StopScan when the sink is full. */
  push(text: string, final: boolean): void {
    const buf = this.carry.length ? this.carry + text : text;
    this.carry = '';
    const n = buf.length;
    let i = 0;
    let q = -2; // next quote at or after i (-1: none left in buf)
    while (i < n) {
      // Find the record's end: the next newline outside quotes.
      let nl = buf.indexOf('\n', i);
      if (q !== -1 && q < i) q = buf.indexOf('"', i);
      if (q !== -1 && (nl === -1 || q < nl)) nl = this.quotedEnd(buf, i);
      if (nl === -1) {
        if (!final && n - i < MAX_RECORD) {
          this.carry = buf.slice(i);
          return;
        }
        nl = final ? n : Math.min(n, i + MAX_RECORD);
      }
      let end = nl;
      if (end > i && buf.charCodeAt(end - 1) === CR) end--;
      this.record(buf, i, end);
      i = nl + 1;
      if (this.sink.full) throw new StopScan();
    }
  }

  finish(): void {
    if (this.carry.length) {
      const c = this.carry;
      this.carry = '';
      this.push(c, true);
    }
    this.scanner.finish();
  }

  /** Index of the newline ending the record starting at `from`, honouring quotes; -1 if not in buf. */
  private quotedEnd(buf: string, from: number): number {
    let inQuote = false;
    for (let j = from; j < buf.length; j++) {
      const c = buf.charCodeAt(j);
      if (c === QUOTE) inQuote = !inQuote; // "" inside a quoted field toggles twice
      else if (c === LF && !inQuote) return j;
    }
    return -1;
  }

  private record(buf: string, start: number, end: number): void {
    const sc = this.scanner;
    const delim = this.delim;
    this.row++;
    if (end <= start) return; // blank line: still a row number, nothing in it
    sc.startRow(this.row);
    let col = 0;
    let p = start;
    let prevStart = -1;
    let prevEnd = -1;
    let prevQuoted = false;
    let prevLabel = false;
    for (;;) {
      let fStart: number;
      let fEnd: number;
      let quoted = false;
      let digits = 0;
      let flags = 0; // Stat bits shifted left by one while walking (bit 0 of CLASS counts digits)
      if (buf.charCodeAt(p) === QUOTE) {
        quoted = true;
        fStart = p + 1;
        let j = fStart;
        for (; j < end; j++) {
          const c = buf.charCodeAt(j);
          if (c === QUOTE) {
            if (buf.charCodeAt(j + 1) === QUOTE) {
              j++;
              continue;
            }
            break;
          }
          if (c < 128) {
            const t = CLASS[c] as number;
            digits += t & 1;
            flags |= t;
          } else flags |= 2;
        }
        fEnd = j;
        // Skip to the delimiter after the closing quote (text there is malformed; ignore it).
        p = j + 1;
        while (p < end && buf.charCodeAt(p) !== delim) p++;
      } else {
        fStart = p;
        let j = p;
        for (; j < end; j++) {
          const c = buf.charCodeAt(j);
          if (c === delim) break;
          if (c < 128) {
            const t = CLASS[c] as number;
            digits += t & 1;
            flags |= t;
          } else flags |= 2;
        }
        fEnd = j;
        p = j;
      }
      flags >>= 1;
      if (fEnd > fStart) {
        if (sc.wants(col, digits, flags, prevLabel)) {
          const v = quoted ? buf.slice(fStart, fEnd).replaceAll('""', '"') : buf.slice(fStart, fEnd);
          let left: string | null = null;
          if (prevLabel) {
            left = prevQuoted ? buf.slice(prevStart, prevEnd).replaceAll('""', '"') : buf.slice(prevStart, prevEnd);
          }
          sc.cell(col, v, left);
        } else {
          sc.skipped(col);
        }
      }
      prevStart = fStart;
      prevEnd = fEnd;
      prevQuoted = quoted;
      prevLabel = labelStats(fEnd - fStart, digits, flags);
      if (p >= end) break;
      p++; // the delimiter
      col++;
      if (p === end) break; // trailing delimiter: an empty last field
    }
    sc.endRow();
  }
}

/**
 * Bytes in, records out: decodes (UTF-8/CP932), waits for the first line to pick the delimiter
 * when none is given, then tokenizes. Synchronous, so it also serves entries of a ZIP archive.
 */
export class DelimitedFeeder {
  private readonly decoder = new StreamDecoder();
  private tok: DelimitedTokenizer | null = null;
  private head = '';
  private delim: string | null;

  constructor(
    delimiter: string | null,
    private readonly makeTokenizer: (delimiter: string) => DelimitedTokenizer,
  ) {
    this.delim = delimiter;
  }

  get encoding(): Encoding {
    return this.decoder.encoding;
  }

  get delimiter(): string {
    return this.delim ?? ',';
  }

  write(bytes: Uint8Array): void {
    this.feed(this.decoder.write(bytes), false);
  }

  end(): void {
    this.feed(this.decoder.end(), true);
    this.tok?.finish();
  }

  private feed(text: string, final: boolean): void {
    if (this.tok) {
      this.tok.push(text, final);
      return;
    }
    this.head += text;
    const nl = this.head.indexOf('\n');
    if (nl === -1 && !final && this.head.length < 65536) return;
    this.delim ??= sniffDelimiter(nl === -1 ? this.head : this.head.slice(0, nl));
    this.tok = this.makeTokenizer(this.delim);
    const h = this.head;
    this.head = '';
    this.tok.push(h, final);
  }
}

/** Reads a whole delimited stream into the scanner. */
export async function scanDelimitedStream(
  stream: Readable,
  makeTokenizer: (delimiter: string) => DelimitedTokenizer,
  delimiter: string | null,
  onBytes: (n: number) => void,
): Promise<DelimitedResult> {
  const feeder = new DelimitedFeeder(delimiter, makeTokenizer);
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Uint8Array;
      bytes += b.length;
      onBytes(b.length);
      feeder.write(b);
    }
    feeder.end();
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
  return { bytes, encoding: feeder.encoding, delimiter: feeder.delimiter };
}
