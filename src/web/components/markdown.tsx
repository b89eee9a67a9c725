import { Typography } from '@mantine/core';
import { useMemo } from 'react';
import { renderMarkdown } from '../../shared/markdown.js';

/**
 * Markdown shown safely (src/shared/markdown.ts: raw HTML is escaped, only safe links, no remote
 * images). Used by the document reader and the course player.
 */
export function Markdown({ source, className }: { source: string; className?: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  return (
    <Typography className={className}>
      {/* The HTML comes from renderMarkdown, which escapes raw HTML and drops unsafe links. */}
      <div dangerouslySetInnerHTML={{ __html: html }} />
    </Typography>
  );
}
