// How the API authenticates: Supabase access tokens (HS256 secret and/or JWKS) and API keys; local mode.
import { z } from 'zod';

const supabaseAuthSchema = z
  .object({
    /** The project's JWT secret (legacy HS256 tokens). */
    jwtSecret: z.string().min(32, 'the JWT secret must be at least 32 characters').optional(),
    /** `https://<project>.supabase.co/auth/v1/.well-known/jwks.json` for asymmetric signing keys. */
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Expected `iss`, e.g. `https://<project>.supabase.co/auth/v1`. */
    issuer: z.string().min(1),
    /** Expected `aud`. */
    audience: z.string().min(1).default('authenticated'),
    /** Given to the dashboard so it can sign users in (public values). */
    projectUrl: z.url({ protocol: /^https?$/ }).optional(),
    anonKey: z.string().min(1).optional(),
  })
  .strict()
  .refine((config) => config.jwtSecret !== undefined || config.jwksUrl !== undefined, {
    message: 'set jwtSecret, jwksUrl or both',
    path: ['jwtSecret'],
  });

export const authConfigSchema = z
  .object({
    supabase: supabaseAuthSchema.optional(),
    /** Embedded default: the local admin signs in with the API key written to the data directory. */
    localMode: z.boolean().default(false),
  })
  .strict();

export type AuthConfig = z.output<typeof authConfigSchema>;
export type AuthConfigInput = z.input<typeof authConfigSchema>;
