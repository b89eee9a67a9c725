/**
 * The streaming XML layer under the OOXML readers (xlsx.ts, docx.ts): saxes, fed the inflated
 * bytes of a ZIP entry a slice at a time, reporting tags by their local name (x:row is row) so
 * prefixed and unprefixed writers read the same. Entities are decoded by saxes; nothing is kept
 * beyond the tag being parsed, so a part of any size streams in flat memory.
 */
import { SaxesParser } from 'saxes';
import type { ZipArchive, ZipEntry } from './zip.js';

/** Receives a part's tags (local names) and text, CDATA included. */
export interface XmlHandler {
  open(name: string, attrs: Record<string, string>): void;
  close(name: string): void;
  text(text: string): void;
}

/** A part that is not well-formed XML. */
export class XmlError extends Error {}

interface PlainOptions {
  xmlns: false;
  position: false;
}

/** A tag's local name (x:row is row). */
export function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** An attribute by local name: unprefixed first, else any prefix (w:val, r:id). */
export function attrOf(attrs: Record<string, string>, local: string): string | undefined {
  if (attrs[local] !== undefined) return attrs[local];
  for (const k in attrs) if (k.endsWith(`:${local}`)) return attrs[k];
  return undefined;
}

/** An attribute only in a namespaced form (r:id, not a plain id) — relationship ids are prefixed. */
export function prefixedAttr(attrs: Record<string, string>, local: string): string | undefined {
  for (const k in attrs) if (k.endsWith(`:${local}`)) return attrs[k];
  return undefined;
}

/**
 * A push parser over bytes: `write` each inflated slice, then `end`. Throws XmlError from the
 * write that meets broken markup (the handler has seen everything before it).
 */
export class XmlStream {
  private readonly parser = new SaxesParser<PlainOptions>({ xmlns: false, position: false });
  private readonly decoder = new TextDecoder('utf-8');

  constructor(h: XmlHandler) {
    const p = this.parser;
    p.on('opentag', (tag) => h.open(localName(tag.name), tag.attributes));
    p.on('closetag', (tag) => h.close(localName(tag.name)));
    // Bound once: text is the most frequent event, so no extra hop per call.
    const text = h.text.bind(h);
    p.on('text', text);
    p.on('cdata', text);
    p.on('error', (err) => {
      throw new XmlError(`broken XML: ${err.message}`);
    });
  }

  write(bytes: Uint8Array): void {
    this.parser.write(this.decoder.decode(bytes, { stream: true }));
  }

  end(): void {
    const rest = this.decoder.decode();
    if (rest) this.parser.write(rest);
    this.parser.close();
  }
}

/**
 * Parses one entry, streamed. `afterSlice` runs after each slice is parsed: a reader that yields
 * what the handler queued does it there, and may return false to stop early (the inflate stream
 * is then closed without reading the rest).
 */
export async function parseEntry(zip: ZipArchive, entry: ZipEntry, h: XmlHandler, afterSlice?: () => boolean | void): Promise<void> {
  const x = new XmlStream(h);
  for await (const bytes of zip.data(entry)) {
    x.write(bytes);
    if (afterSlice?.() === false) return;
  }
  x.end();
}

/** Collects the text of a rich-text item (<si>, <is>, a comment's <text>): its <t> runs, phonetic readings (<rPh>) skipped. */
export class RunText {
  private value = '';
  private inText = false;
  private skip = 0;

  /** Caps the text kept (a comment of megabytes is cut, not held). */
  constructor(private readonly max = Infinity) {}

  open(name: string): void {
    if (name === 'rPh' || name === 'phoneticPr') this.skip++;
    else if (name === 't' && this.skip === 0) this.inText = true;
  }

  close(name: string): void {
    if (name === 'rPh' || name === 'phoneticPr') this.skip--;
    else if (name === 't') this.inText = false;
  }

  text(t: string): void {
    if (this.inText && this.value.length < this.max) this.value += t;
  }

  take(): string {
    const v = this.value;
    this.value = '';
    this.inText = false;
    this.skip = 0;
    return v;
  }
}

/** OOXML's _xHHHH_ escapes (Excel writes a carriage return as _x000D_), decoded; lone surrogates kept as written. */
export function decodeOoxmlEscapes(s: string): string {
  if (!s.includes('_x')) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (all, h: string) => {
    const cp = parseInt(h, 16);
    return cp >= 0xd800 && cp <= 0xdfff ? all : String.fromCharCode(cp);
  });
}
