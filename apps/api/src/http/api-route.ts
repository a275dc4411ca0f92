// The route table's entry: one declaration gives the OpenAPI operation, the validation and the access rule.
import type { Context } from 'hono';
import { type Actor, DomainError, roleAllows } from '@retrace/domain';
import type { z } from 'zod';
import type { ApiServices } from '../api-deps.ts';
import type { Principal } from '../auth/authenticate-request.ts';
import { resolveActor } from '../auth/resolve-actor.ts';
import { expectedVersion } from './etag.ts';
import { ApiError } from './problem.ts';
import { parseRequestPart, readJsonBody, rejectNul, singleQueryValues } from './request-input.ts';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type OrgRole = Actor['role'];
/** `public`: no token; `user`: any signed-in principal; a role: that role or higher in `{orgId}`. */
export type RouteAccess = 'public' | 'user' | OrgRole;

export interface RouteResponseSpec {
  status: number;
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
  /** Response headers worth documenting, name → description. */
  headers?: Record<string, string>;
}

type Schema = z.ZodType | undefined;
type Out<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

interface RouteDeclaration<P extends Schema, Q extends Schema, B extends Schema> {
  operationId: string;
  method: HttpMethod;
  /** OpenAPI form, e.g. `/api/orgs/{orgId}/projects`. */
  path: string;
  /** Hono form when it differs from the converted `path` (e.g. a parameter spanning slashes). */
  honoPath?: string;
  tag: string;
  summary: string;
  description?: string;
  params?: P;
  query?: Q;
  body?: B;
  /** A valid body, shown in the reference and used by the generated access tests. */
  bodyExample?: unknown;
  maxBodyBytes?: number;
  /** The route honours If-Match (documented, parsed into `expectedUpdatedAt`). */
  ifMatch?: boolean;
  responses: RouteResponseSpec[];
}

export interface RouteContext<P extends Schema, Q extends Schema, B extends Schema> {
  c: Context;
  services: ApiServices;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** From If-Match; undefined means last write wins. */
  expectedUpdatedAt: Date | undefined;
}

type RouteInput<P extends Schema, Q extends Schema, B extends Schema> = Omit<
  RouteContext<P, Q, B>,
  'c' | 'services'
>;

export type PublicRouteSpec<
  P extends Schema,
  Q extends Schema,
  B extends Schema,
> = RouteDeclaration<P, Q, B> & {
  access: 'public';
  handle(ctx: RouteContext<P, Q, B>): Promise<Response>;
};

export type UserRouteSpec<P extends Schema, Q extends Schema, B extends Schema> = RouteDeclaration<
  P,
  Q,
  B
> & {
  access: 'user';
  /** API keys (which have no user) are refused with 403. */
  usersOnly?: boolean;
  handle(ctx: RouteContext<P, Q, B> & { principal: Principal }): Promise<Response>;
};

export type OrgRouteSpec<P extends Schema, Q extends Schema, B extends Schema> = RouteDeclaration<
  P,
  Q,
  B
> & {
  access: OrgRole;
  usersOnly?: boolean;
  handle(ctx: RouteContext<P, Q, B> & { principal: Principal; actor: Actor }): Promise<Response>;
};

/** A route with its types erased, as the table holds it. */
export interface ApiRoute extends RouteDeclaration<Schema, Schema, Schema> {
  access: RouteAccess;
  usersOnly: boolean;
  run(c: Context, services: ApiServices): Promise<Response>;
}

export function honoPathOf(route: Pick<ApiRoute, 'path' | 'honoPath'>): string {
  return route.honoPath ?? route.path.replace(/\{(\w+)\}/g, ':$1');
}

interface Prepared {
  params: unknown;
  query: unknown;
  body: unknown;
  expectedUpdatedAt: Date | undefined;
}

async function readInput(
  declaration: RouteDeclaration<Schema, Schema, Schema>,
  c: Context,
  services: ApiServices,
  params: unknown,
): Promise<Prepared> {
  const rawQuery = singleQueryValues(c.req.queries());
  const query = declaration.query ? parseRequestPart(declaration.query, rawQuery, 'query') : {};
  if (!declaration.query && Object.keys(rawQuery).length > 0) {
    const [first] = Object.keys(rawQuery);
    throw new ApiError('VALIDATION_FAILED', `query parameter "${first}" is not known here`, {
      issues: [{ path: `query.${first}`, message: 'unknown parameter', code: 'unrecognized_keys' }],
    });
  }
  let body: unknown = undefined;
  if (declaration.body) {
    const raw = await readJsonBody(
      c.req.raw,
      declaration.maxBodyBytes ?? services.config.maxBodyBytes,
    );
    body = parseRequestPart(declaration.body, raw ?? {}, 'body');
  }
  const expectedUpdatedAt = declaration.ifMatch
    ? expectedVersion(c.req.header('if-match'))
    : undefined;
  return { params, query, body, expectedUpdatedAt };
}

function parseParams(declaration: RouteDeclaration<Schema, Schema, Schema>, c: Context): unknown {
  if (!declaration.params) return {};
  const raw = c.req.param();
  rejectNul(raw, 'params');
  return parseRequestPart(declaration.params, raw, 'params');
}

function refuseApiKeys(principal: Principal): void {
  if (principal.kind === 'api_key') {
    throw new ApiError('FORBIDDEN', 'API keys cannot do this: sign in as a user');
  }
}

export function definePublicRoute<P extends Schema, Q extends Schema, B extends Schema>(
  spec: PublicRouteSpec<P, Q, B>,
): ApiRoute {
  return {
    ...spec,
    usersOnly: false,
    async run(c, services) {
      const input = await readInput(spec, c, services, parseParams(spec, c));
      return spec.handle({ c, services, ...(input as RouteInput<P, Q, B>) });
    },
  };
}

export function defineUserRoute<P extends Schema, Q extends Schema, B extends Schema>(
  spec: UserRouteSpec<P, Q, B>,
): ApiRoute {
  const usersOnly = spec.usersOnly ?? false;
  return {
    ...spec,
    usersOnly,
    async run(c, services) {
      const principal = await services.authenticator.authenticate(c.req.header('authorization'));
      const params = parseParams(spec, c);
      if (usersOnly) refuseApiKeys(principal);
      const input = await readInput(spec, c, services, params);
      return spec.handle({ c, services, principal, ...(input as RouteInput<P, Q, B>) });
    },
  };
}

/**
 * Order of checks: authentication (401), path parameters (400), the organization (404 when the principal has
 * no access to it), the declared role (403), then query and body (400). The domain checks the role again
 * inside its queries; this early check makes every route answer the same way for the same principal.
 */
export function defineOrgRoute<P extends Schema, Q extends Schema, B extends Schema>(
  spec: OrgRouteSpec<P, Q, B>,
): ApiRoute {
  if (!spec.path.includes('{orgId}')) {
    throw new Error(`route ${spec.operationId}: organization routes need {orgId} in the path`);
  }
  const usersOnly = spec.usersOnly ?? false;
  return {
    ...spec,
    usersOnly,
    async run(c, services) {
      const principal = await services.authenticator.authenticate(c.req.header('authorization'));
      const params = parseParams(spec, c);
      const organizationId = (params as { orgId?: unknown }).orgId;
      if (typeof organizationId !== 'string') {
        throw new Error(`route ${spec.operationId}: params schema lacks orgId`);
      }
      const actor = await resolveActor(services.domain, principal, organizationId);
      if (!roleAllows(actor.role, spec.access)) {
        throw new DomainError(
          'FORBIDDEN',
          `this needs the ${spec.access} role in the organization; you have ${actor.role}`,
          { details: { required: spec.access, role: actor.role } },
        );
      }
      if (usersOnly) refuseApiKeys(principal);
      const input = await readInput(spec, c, services, params);
      if (spec.method === 'get' || services.responseCache === null) {
        return spec.handle({ c, services, principal, actor, ...(input as RouteInput<P, Q, B>) });
      }
      try {
        return await spec.handle({
          c,
          services,
          principal,
          actor,
          ...(input as RouteInput<P, Q, B>),
        });
      } finally {
        // After the write committed (or failed, perhaps after committing): this process's next read must
        // see it, even before the database's notification arrives.
        services.responseCache.invalidateOrganization(organizationId);
      }
    },
  };
}
