import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../../shared/markdown.js';

describe('document Markdown', () => {
  it('keeps headings, lists, tables, emphasis and safe links', () => {
    const html = renderMarkdown('# 方針\n\n- 一\n- 二\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n**強調** [規程](https://example.jp/p) [内部](/documents) [mail](mailto:dc@example.jp)');
    expect(html).toContain('<h1>方針</h1>');
    expect(html).toContain('<li>一</li>');
    expect(html).toContain('<table>');
    expect(html).toContain('<strong>強調</strong>');
    expect(html).toContain('<a href="https://example.jp/p" target="_blank" rel="noopener noreferrer">規程</a>');
    expect(html).toContain('<a href="/documents">内部</a>');
    expect(html).toContain('href="mailto:dc@example.jp"');
  });

  it('moves headings down under a page title, never below h6', () => {
    const html = renderMarkdown('# 方針\n\n## 目的\n\n###### 注', { headingShift: 1 });
    expect(html).toContain('<h2>方針</h2>');
    expect(html).toContain('<h3>目的</h3>');
    expect(html).toContain('<h6>注</h6>');
    expect(html).not.toContain('<h1>');
    // the shift is per call: a plain render is unchanged
    expect(renderMarkdown('# 方針')).toContain('<h1>方針</h1>');
  });

  it('shows raw HTML as text: no script, no event handlers, no iframes survive', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\nText <iframe src="https://evil.example"></iframe> <b onclick="x()">b</b>');
    expect(html).not.toMatch(/<script|<img|<iframe|<b /i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(2)&quot;&gt;');
  });

  it('drops links with unsafe protocols, whatever their spelling', () => {
    for (const href of ['javascript:alert(1)', 'JavaScript:alert(1)', ' javascript:alert(1)', 'java&#x09;script:alert(1)', 'vbscript:x', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd', '//evil.example/x']) {
      const html = renderMarkdown(`[click](${href}) <${href}>`);
      expect(html, href).not.toMatch(/<a /);
      expect(html.toLowerCase(), href).not.toContain('href="javascript');
    }
  });

  it('does not load images from anywhere', () => {
    const html = renderMarkdown('![tracker](https://evil.example/pixel.png)');
    expect(html).not.toContain('<img');
  });
});
