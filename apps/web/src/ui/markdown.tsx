// Markdown rendered safely: marked turns it into HTML, DOMPurify removes scripts, handlers and raw-HTML tricks.
import DOMPurify from 'dompurify';
import { marked } from 'marked';
import { useMemo } from 'react';

let hooked = false;

function sanitizer(): typeof DOMPurify {
  if (!hooked) {
    // Links in a document open elsewhere and never hand this page to the target.
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A' && node.getAttribute('href')) {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify;
}

export function renderMarkdown(source: string): string {
  const html = marked.parse(source, { async: false, gfm: true });
  return sanitizer().sanitize(html, { USE_PROFILES: { html: true } });
}

export function Markdown({ source }: { source: string }) {
  const html = useMemo(() => renderMarkdown(source), [source]);
  if (source.trim() === '') return <p className="muted">Nothing written yet.</p>;
  // Safe: the HTML went through DOMPurify just above.
  return <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />;
}
