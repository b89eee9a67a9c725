import MarkdownIt from 'markdown-it';

/**
 * Renders a document's Markdown to HTML that is safe to put in the page: raw HTML in the source is
 * shown as text (markdown-it with `html: false` escapes it), images are off (no requests to other
 * hosts), and links keep only http(s), mailto and same-site targets, opening in a new tab without
 * a referrer. Headings, lists, tables, emphasis, quotes and code stay. The server and the web
 * (reader and editor preview) use this one function.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });
md.disable(['image']);

/** http(s), mailto, or a path / fragment on this site; nothing else (no javascript:, data:, vbscript:, file:). */
const SAFE_LINK = /^(https?:\/\/|mailto:|\/(?!\/)|#)/i;
md.validateLink = (url: string) => SAFE_LINK.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]!;
  const href = String(token.attrGet('href') ?? '');
  if (!href.startsWith('/') && !href.startsWith('#')) {
    token.attrSet('target', '_blank');
    token.attrSet('rel', 'noopener noreferrer');
  }
  return defaultLinkOpen(tokens, idx, options, env, self);
};

/** Moves a heading tag (`h1`…`h6`) down by `shift` levels, never past `h6`. */
const shifted = (tag: string, shift: number) => `h${Math.min(6, Number(tag.slice(1)) + shift)}`;
for (const rule of ['heading_open', 'heading_close'] as const) {
  md.renderer.rules[rule] = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!;
    const shift = (env as { headingShift?: number } | undefined)?.headingShift;
    if (shift) token.tag = shifted(token.tag, shift);
    return self.renderToken(tokens, idx, options);
  };
}

/**
 * The HTML of a Markdown text. `headingShift` moves its headings down (1: `#` becomes `<h2>`), for a
 * page whose own title is the `<h1>`, so the page keeps one top heading and a sound outline.
 */
export function renderMarkdown(source: string, opts: { headingShift?: number } = {}): string {
  return md.render(source, { headingShift: opts.headingShift ?? 0 });
}
