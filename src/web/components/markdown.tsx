import { Typography } from '@mantine/core';
import { useMemo } from 'react';
import { renderMarkdown } from '../../shared/markdown.js';

/**
 * Markdown shown safely (src/shared/markdown.ts: raw HTML is escaped, only safe links, no remote
 * images). Used by the document reader and the course player, under the page's own title: the
 * text's headings start at level 2, so a page has a single `<h1>`.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source, { headingShift: 1 }), [source]);
  return (
    <Typography className={className}>
      {/* The HTML comes from renderMarkdown, which escapes raw HTML and drops unsafe links. */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
