// Shorthands for the success responses routes declare (error responses are added by the OpenAPI builder).
import type { z } from 'zod';
import type { RouteResponseSpec } from './api-route.ts';

const ETAG_HEADER = {
  ETag: 'The version of the resource (its updatedAt, quoted); send it back as If-Match.',
};

export const ok = (schema: z.ZodType, description = 'OK'): RouteResponseSpec => ({
  status: 200,
  description,
  schema,
});

/** A read the response cache may answer: tagged with its content, so a repeat can be a 304. */
export const okCached = (schema: z.ZodType, description = 'OK'): RouteResponseSpec => ({
  status: 200,
  description,
  schema,
  headers: {
    ETag: 'A tag of this exact body; send it as If-None-Match and an unchanged one answers 304 without a body.',
  },
});

export const okVersioned = (schema: z.ZodType, description = 'OK'): RouteResponseSpec => ({
  status: 200,
  description,
  schema,
  headers: ETAG_HEADER,
});

export const created = (
  schema: z.ZodType,
  description = 'Created',
  versionedResource = false,
): RouteResponseSpec => ({
  status: 201,
  description,
  schema,
  headers: {
    Location: 'URL of the new resource.',
    ...(versionedResource ? ETAG_HEADER : {}),
  },
});

export const accepted = (schema: z.ZodType, description = 'Accepted'): RouteResponseSpec => ({
  status: 202,
  description,
  schema,
});

export const noContentResponse = (description = 'Done'): RouteResponseSpec => ({
  status: 204,
  description,
});
