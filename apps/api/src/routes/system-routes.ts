// Public routes of the server itself: health, and how clients sign in (local key or Supabase).
import { z } from '@hono/zod-openapi';
import { type ApiRoute, definePublicRoute } from '../http/api-route.ts';
import { json } from '../http/responses.ts';
import { ok } from '../http/route-responses.ts';

const TAG = 'Server';

const healthSchema = z
  .object({ status: z.literal('ok'), version: z.string(), time: z.iso.datetime() })
  .strict()
  .openapi('Health');

const getHealth = definePublicRoute({
  operationId: 'getHealth',
  method: 'get',
  path: '/api/health',
  tag: TAG,
  summary: 'Liveness of the API process',
  access: 'public',
  responses: [ok(healthSchema)],
  async handle({ c, services }) {
    return json(c, 200, {
      status: 'ok',
      version: services.config.version,
      time: services.clock().toISOString(),
    });
  },
});

const authSettingsSchema = z
  .object({
    localMode: z
      .boolean()
      .openapi({ description: 'Sign in with the API key stored in the data directory.' }),
    supabase: z
      .object({
        projectUrl: z.string().nullable(),
        anonKey: z.string().nullable().openapi({ description: 'The public (anon) key.' }),
      })
      .strict()
      .nullable(),
  })
  .strict()
  .openapi('AuthSettings');

const getAuthSettings = definePublicRoute({
  operationId: 'getAuthSettings',
  method: 'get',
  path: '/api/auth/settings',
  tag: TAG,
  summary: 'How to sign in: local mode (API key) and/or Supabase (public settings only)',
  access: 'public',
  responses: [ok(authSettingsSchema)],
  async handle({ c, services }) {
    const supabase = services.config.auth.supabase;
    return json(c, 200, {
      localMode: services.config.auth.localMode,
      supabase: supabase
        ? { projectUrl: supabase.projectUrl ?? null, anonKey: supabase.anonKey ?? null }
        : null,
    });
  },
});

export const systemRoutes: ApiRoute[] = [getHealth, getAuthSettings];
