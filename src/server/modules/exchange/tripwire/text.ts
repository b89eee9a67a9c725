/**
 * Free text line by line: transfer messages (scanText), TXT files (streamed), DOCX paragraphs.
 * The end of the previous line counts as nearby words ("生年月日\n1960/5/3").
 */
import type { Readable } from 'node:stream';
import type { Finding } from '../../../../shared/tripwire.js';
import type { Compiled } from './compiled.js';
import { StreamDecoder, type Encoding } from './decode.js';
import { detectText } from './detect.js';
import { normalizeText } from './normalize.js';
import { StopScan, type Sink } from './sink.js';

const TAIL = 24;
const MAX_LINE = 1 << 16;

export interface LineWhere {
  sheet: string | null;
  part: number;
}

/** Scans one line (or paragraph) of raw text; returns the tail to use as the next line's context. */
export function scanLine(raw: string, row: number, prevTail: string, c: Compiled, sink: Sink, where: LineWhere): string {
  const text = normalizeText(raw);
  if (text.trim().length === 0) return prevTail;
  const seen = new Set<string>();
  detectText(text, c, prevTail, (h) => {
    const key = `${h.kind}\u0000${h.masked}\u0000${h.index}`;
    if (seen.has(key)) return;
    seen.add(key);
    const f: Finding = { kind: h.kind, rule: h.rule, sheet: where.sheet, table: null, row, column: null, columnLetter: null, cell: null, masked: h.masked };
    sink.add(f, where.part, h.index);
  });
  return text.slice(-TAIL);
}

/** Splits raw text into lines (\n, \r\n, \r) and scans each. */
export function scanLines(text: string, c: Compiled, sink: Sink, where: LineWhere): void {
  let tail = '';
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length && !sink.full; i++) {
    const line = lines[i] as string;
    if (line.length > MAX_LINE) {
      for (let p = 0; p < line.length && !sink.full; p += MAX_LINE) tail = scanLine(line.slice(p, p + MAX_LINE), i + 1, tail, c, sink, where);
    } else {
      tail = scanLine(line, i + 1, tail, c, sink, where);
    }
  }
}

/** Line-by-line scanner fed with decoded text as it arrives (TXT files, text entries of a ZIP). */
export class LineScanner {
  private carry = '';
  private row = 0;
  private tail = '';

  constructor(
    private readonly c: Compiled,
    private readonly sink: Sink,
    private readonly where: LineWhere,
  ) {}

  /** Throws StopScan when the sink is full. */
  push(text: string, final: boolean): void {
    const buf = this.carry.length ? this.carry + text : text;
    let i = 0;
    for (;;) {
      let nl = buf.indexOf('\n', i);
      if (nl === -1) {
        if (!final && buf.length - i < MAX_LINE) break;
        nl = final ? buf.length : Math.min(buf.length, i + MAX_LINE);
        if (nl <= i) break;
      }
      let end = nl;
      if (end > i && buf.charCodeAt(end - 1) === 13) end--;
      this.row++;
      this.tail = scanLine(buf.slice(i, end), this.row, this.tail, this.c, this.sink, this.where);
      if (this.sink.full) throw new StopScan();
      i = nl + 1;
      if (i >= buf.length) break;
    }
    this.carry = i < buf.length ? buf.slice(i) : '';
  }
}

/** A TXT file as a stream, line by line. */
export async function scanTextStream(stream: Readable, c: Compiled, sink: Sink, onBytes: (n: number) => void): Promise<{ bytes: number; encoding: Encoding }> {
  const decoder = new StreamDecoder();
  const lines = new LineScanner(c, sink, { sheet: null, part: 0 });
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      const b = chunk as Uint8Array;
      bytes += b.length;
      onBytes(b.length);
      lines.push(decoder.write(b), false);
    }
    lines.push(decoder.end(), true);
  } finally {
    if (!stream.destroyed) stream.destroy();
  }
  return { bytes, encoding: decoder.encoding };
}
