// Serves artifacts (screenshots, GIFs) behind signed URLs, with their content type, HEAD and byte ranges.
import { Readable } from 'node:stream';
import { z } from '@hono/zod-openapi';
import { isDomainError } from '@retrace/domain';
import { ArtifactStoreError, isValidArtifactKey, type StoredArtifact } from '@retrace/storage';
import type { ApiServices } from '../api-deps.ts';
import { type ApiRoute, definePublicRoute } from '../http/api-route.ts';
import { ApiError } from '../http/problem.ts';

interface ByteRange {
  start: number;
  end: number;
}

/** A single `bytes=a-b`, `bytes=a-` or `bytes=-n`; null means "send it all" (absent or not understood). */
function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (header === undefined) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  const [, first = '', last = ''] = match;
  let start: number;
  let end: number;
  if (first === '') {
    const suffix = Number(last);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start > end || start >= size) {
    throw new ApiError('RANGE_NOT_SATISFIABLE', `the artifact has ${size} bytes`, {
      headers: { 'Content-Range': `bytes */${size}` },
    });
  }
  return { start, end };
}

async function* sliceBytes(body: Readable, range: ByteRange): AsyncGenerator<Uint8Array> {
  let offset = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const from = Math.max(range.start - offset, 0);
      const to = Math.min(range.end + 1 - offset, chunk.length);
      offset += chunk.length;
      if (to > from) yield chunk.subarray(from, to);
      if (offset > range.end) break;
    }
  } finally {
    body.destroy();
  }
}

async function readArtifact(services: ApiServices, key: string): Promise<StoredArtifact | null> {
  try {
    return await services.artifacts.get(key);
  } catch (error) {
    throw new ApiError('ARTIFACT_STORE_UNAVAILABLE', 'the artifact storage cannot be read now', {
      cause: error,
    });
  }
}

/** A passed run's GIF is rendered the first time it is asked for (the worker leaves it for later). */
async function renderRunGif(services: ApiServices, key: string): Promise<StoredArtifact | null> {
  try {
    return await services.runGifs.render(key);
  } catch (error) {
    if (isDomainError(error)) throw error;
    if (error instanceof ArtifactStoreError) {
      throw new ApiError('ARTIFACT_STORE_UNAVAILABLE', 'the artifact storage cannot be read now', {
        cause: error,
      });
    }
    throw new ApiError(
      'ARTIFACT_RENDER_FAILED',
      'the run GIF could not be rendered from its screenshots',
      {
        cause: error,
      },
    );
  }
}

function fileNameOf(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

const getArtifactRoute = definePublicRoute({
  operationId: 'getArtifact',
  method: 'get',
  path: '/api/artifacts/{key}',
  honoPath: '/api/artifacts/:key{.+}',
  tag: 'Artifacts',
  summary: 'Download a screenshot or GIF through a signed URL taken from a run response',
  description:
    'No Authorization header: the `exp` and `sig` query parameters are the authorization (about one hour). The key may contain "/". Supports HEAD and a single byte Range. A passed run\'s GIF is rendered from its screenshots the first time it is requested (a second or two), then stored.',
  access: 'public',
  params: z.object({
    key: z
      .string()
      .min(1)
      .max(512)
      .openapi({ param: { name: 'key', in: 'path' }, example: 'runs/abc/steps/000.png' }),
  }),
  query: z
    .object({
      exp: z.string().max(20).optional().openapi({ description: 'Expiry, Unix seconds.' }),
      sig: z.string().max(200).optional().openapi({ description: 'HMAC-SHA256 signature.' }),
    })
    .strict(),
  responses: [
    { status: 200, description: 'The artifact', contentType: 'application/octet-stream' },
    {
      status: 206,
      description: 'The requested byte range',
      contentType: 'application/octet-stream',
    },
  ],
  async handle({ c, services, params, query }) {
    const key = params.key;
    const { expiresAt } = services.urls.verify(key, query.exp, query.sig);
    const missing = () => new ApiError('ARTIFACT_NOT_FOUND', 'the artifact no longer exists');
    if (!isValidArtifactKey(key)) throw missing();
    const artifact = (await readArtifact(services, key)) ?? (await renderRunGif(services, key));
    if (artifact === null) throw missing();
    const secondsLeft = Math.max(
      0,
      Math.floor((expiresAt.getTime() - services.clock().getTime()) / 1000),
    );
    const headers: Record<string, string> = {
      'Content-Type': artifact.contentType,
      'Cache-Control': `private, max-age=${secondsLeft}`,
      'Accept-Ranges': 'bytes',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Content-Disposition': `inline; filename="${fileNameOf(key)}"`,
    };
    let range: ByteRange | null;
    try {
      range = parseRange(c.req.header('range'), artifact.size);
    } catch (error) {
      artifact.body.destroy();
      throw error;
    }
    const status = range === null ? 200 : 206;
    const slice = range ?? { start: 0, end: artifact.size - 1 };
    headers['Content-Length'] = String(Math.max(0, slice.end - slice.start + 1));
    if (range !== null)
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${artifact.size}`;
    if (c.req.method === 'HEAD' || artifact.size === 0) {
      artifact.body.destroy();
      return new Response(null, { status, headers });
    }
    const body =
      range === null
        ? (Readable.toWeb(artifact.body) as ReadableStream<Uint8Array>)
        : (Readable.toWeb(
            Readable.from(sliceBytes(artifact.body, range)),
          ) as ReadableStream<Uint8Array>);
    return new Response(body, { status, headers });
  },
});

export const artifactRoutes: ApiRoute[] = [getArtifactRoute];
