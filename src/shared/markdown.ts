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

export function renderMarkdown(source: string): string {
  return md.render(source);
}
