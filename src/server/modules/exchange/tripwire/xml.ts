/**
 * A minimal streaming XML tokenizer for OOXML parts (worksheets, shared strings, Word documents).
 * It only reports tag names (namespace prefix dropped), raw attribute text and, while the handler
 * asks for it, raw text (entities still encoded: decode with decodeXml once a value is complete).
 * Comments, processing instructions and DOCTYPE are skipped; CDATA is passed on re-escaped.
 */

export interface XmlHandler {
  open(name: string, attrs: string, selfClosing: boolean): void;
  close(name: string): void;
  text(raw: string): void;
  /** Whether text between tags is wanted now. */
  capture: boolean;
}

const MAX_PENDING = 1 << 22; // a single tag or comment larger than 4 MiB means a broken part

export class XmlStream {
  private buf = '';
  private readonly dec = new TextDecoder('utf-8');

  constructor(private readonly h: XmlHandler) {}

  write(bytes: Uint8Array, final: boolean): void {
    const s = this.dec.decode(bytes, { stream: !final });
    this.buf = this.buf.length ? this.buf + s : s;
    this.drain();
    if (this.buf.length > MAX_PENDING) throw new Error('XML: unterminated markup');
  }

  private drain(): void {
    const b = this.buf;
    const h = this.h;
    const n = b.length;
    let i = 0;
    while (i < n) {
      const lt = b.indexOf('<', i);
      if (lt === -1) {
        if (h.capture) h.text(b.slice(i));
        i = n;
        break;
      }
      if (lt > i && h.capture) h.text(b.slice(i, lt));
      i = lt;
      const c1 = b.charCodeAt(lt + 1);
      if (c1 === 33 /* ! */) {
        if (b.startsWith('<!--', lt)) {
          const e = b.indexOf('-->', lt + 4);
          if (e === -1) break;
          i = e + 3;
          continue;
        }
        if (b.startsWith('<![CDATA[', lt)) {
          const e = b.indexOf(']]>', lt + 9);
          if (e === -1) break;
          if (h.capture) h.text(b.slice(lt + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
          i = e + 3;
          continue;
        }
      }
      const gt = b.indexOf('>', lt + 1);
      if (gt === -1 || Number.isNaN(c1)) break;
      if (c1 === 63 /* ? */ || c1 === 33) {
        i = gt + 1;
        continue;
      }
      if (c1 === 47 /* / */) {
        h.close(localName(b, lt + 2, gt));
      } else {
        const selfClosing = b.charCodeAt(gt - 1) === 47;
        const end = selfClosing ? gt - 1 : gt;
        let j = lt + 1;
        while (j < end) {
          const c = b.charCodeAt(j);
          if (c === 32 || c === 9 || c === 10 || c === 13) break;
          j++;
        }
        const name = localName(b, lt + 1, j);
        h.open(name, j < end ? b.slice(j, end) : '', selfClosing);
        if (selfClosing) h.close(name);
      }
      i = gt + 1;
    }
    this.buf = i >= n ? '' : b.slice(i);
  }
}

function localName(b: string, start: number, end: number): string {
  let e = end;
  while (e > start) {
    const c = b.charCodeAt(e - 1);
    if (c === 32 || c === 9 || c === 10 || c === 13) e--;
    else break;
  }
  for (let i = start; i < e; i++) if (b.charCodeAt(i) === 58 /* : */) return b.slice(i + 1, e);
  return b.slice(start, e);
}

/** Attributes of a tag (names without namespace prefix unless `keepPrefix`). */
export function parseAttrs(attrs: string, keepPrefix = false): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = re.exec(attrs); m; m = re.exec(attrs)) {
    let name = m[1] as string;
    if (!keepPrefix) {
      const c = name.indexOf(':');
      if (c !== -1) name = name.slice(c + 1);
    }
    out[name] = decodeXml(m[2] ?? m[3] ?? '');
  }
  return out;
}

/** Value of one attribute by exact (prefixed) name, without parsing the rest. */
export function attr(attrs: string, name: string): string | null {
  let from = 0;
  for (;;) {
    const k = attrs.indexOf(name, from);
    if (k === -1) return null;
    const before = k === 0 ? 32 : attrs.charCodeAt(k - 1);
    let j = k + name.length;
    while (attrs.charCodeAt(j) === 32) j++;
    if ((before === 32 || before === 9 || before === 10 || before === 13) && attrs.charCodeAt(j) === 61 /* = */) {
      j++;
      while (attrs.charCodeAt(j) === 32) j++;
      const q = attrs[j];
      if (q === '"' || q === "'") {
        const e = attrs.indexOf(q, j + 1);
        if (e !== -1) return decodeXml(attrs.slice(j + 1, e));
      }
      return null;
    }
    from = k + name.length;
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML entities and OOXML's _xHHHH_ escapes. */
export function decodeXml(s: string): string {
  let out = s;
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (all, e: string) => {
      if (e.startsWith('#x')) return safeChar(parseInt(e.slice(2), 16)) ?? all;
      if (e.startsWith('#')) return safeChar(parseInt(e.slice(1), 10)) ?? all;
      return ENTITIES[e] ?? all;
    });
  }
  if (out.includes('_x')) out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (all, h: string) => safeChar(parseInt(h, 16)) ?? all);
  return out;
}

function safeChar(cp: number): string | null {
  if (!Number.isFinite(cp) || cp < 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
  return String.fromCodePoint(cp);
}
