/**
 * Streaming text decoding for CSV/TSV/TXT: UTF-8 (with or without BOM) or Shift_JIS (CP932, as
 * Excel on Japanese Windows writes it), detected from the bytes as they come — the same rule as
 * src/server/modules/org/import/csv-decode.ts (a BOM or valid UTF-8 means UTF-8, anything else is
 * CP932), but without holding the file: while the bytes are plain ASCII both readings agree, and
 * the first non-ASCII chunk decides.
 */
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'shift_jis';

export class StreamDecoder {
  private mode: 'undecided' | Encoding = 'undecided';
  private utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  private sjis: ReturnType<typeof iconv.getDecoder> | null = null;
  /** Bytes that were invalid in the chosen encoding (decoded with replacement characters). */
  invalid = false;

  get encoding(): Encoding {
    return this.mode === 'shift_jis' ? 'shift_jis' : 'utf-8';
  }

  write(chunk: Uint8Array): string {
    if (this.mode === 'undecided') {
      if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) this.mode = 'utf-8';
      else if (isAscii(chunk)) return this.utf8.decode(chunk, { stream: true });
      else {
        try {
          const s = this.utf8.decode(chunk, { stream: true });
          this.mode = 'utf-8';
          return s;
        } catch {
          this.mode = 'shift_jis';
        }
      }
    }
    if (this.mode === 'utf-8') {
      try {
        return this.utf8.decode(chunk, { stream: true });
      } catch {
        // Valid UTF-8 so far, then not: read the rest as CP932 (a Shift_JIS part appended to a UTF-8 file).
        this.invalid = true;
        this.mode = 'shift_jis';
      }
    }
    this.sjis ??= iconv.getDecoder('cp932');
    return this.sjis.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }

  end(): string {
    if (this.mode === 'shift_jis') return this.sjis?.end() ?? '';
    try {
      return this.utf8.decode();
    } catch {
      this.invalid = true;
      return '';
    }
  }
}

function isAscii(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}
