// Serves the dashboard's build (apps/web/dist) with an SPA fallback, or a page saying how to build it.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The dashboard's Vite build in this checkout. */
export const DEFAULT_DASHBOARD_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'web',
  'dist',
);

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

export const PLACEHOLDER_MARKER = 'retrace-dashboard-not-built';

function placeholderPage(dir: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Retrace — dashboard not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1d2a20}
code,pre{background:#f1efe6;padding:.1rem .3rem;border-radius:4px}pre{padding:.75rem}</style></head>
<body id="${PLACEHOLDER_MARKER}">
<h1>Retrace is running</h1>
<p>The API is up at <a href="/api/health"><code>/api/health</code></a> (reference: <a href="/api/docs"><code>/api/docs</code></a>),
but the dashboard has not been built, so there is nothing to show here yet.</p>
<p>Build it from the repository root, then reload this page (no restart needed):</p>
<pre>npm run build --workspace @retrace/web</pre>
<p>(<code>npm run demo</code> and <code>npm test</code> build it for you.) Expected in <code>${escapeHtml(dir)}</code>.</p>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function fileIfExists(file: string): Promise<Buffer | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

/** Answers GET/HEAD for a non-API path: the file, index.html for client-side routes, or the placeholder. */
export async function serveDashboard(
  request: Request,
  dir = DEFAULT_DASHBOARD_DIR,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: { Allow: 'GET, HEAD' } });
  }
  const { pathname } = new URL(request.url);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return new Response('Bad request', { status: 400 });
  }
  const root = path.resolve(dir);
  const file = path.resolve(root, `.${decoded}`);
  if (file !== root && !file.startsWith(root + path.sep)) {
    return new Response('Not found', { status: 404 });
  }
  const head = request.method === 'HEAD';
  const extension = path.extname(file);
  const asset = extension === '' ? null : await fileIfExists(file);
  if (asset) {
    const hashed = decoded.startsWith('/assets/');
    return new Response(head ? null : new Uint8Array(asset), {
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
        // Vite fingerprints files under assets/: they can be cached for good; the rest is revalidated.
        'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  }
  // A missing file with an extension is a real 404; any other path is a client-side route.
  if (extension !== '' && extension !== '.html') return new Response('Not found', { status: 404 });
  const index = await fileIfExists(path.join(root, 'index.html'));
  const html = index ?? Buffer.from(placeholderPage(root));
  return new Response(head ? null : new Uint8Array(html), {
    status: 200,
    headers: {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES['.html'] as string,
      'Cache-Control': 'no-cache',
    },
  });
}
