// Test support: the operations of the OpenAPI document, the identities that call them, and what each expects.
import { roleAllows } from '@retrace/domain';
import type { ApiRoute, OrgRole, RouteAccess } from '../http/api-route.ts';
import type { ApiHarness } from './api-harness.ts';
import type { ApiWorld } from './api-world.ts';

export interface Operation {
  operationId: string;
  method: string;
  path: string;
  access: RouteAccess;
  usersOnly: boolean;
  successStatus: number;
  bodyExample: unknown;
  hasBody: boolean;
}

interface OpenApiOperation {
  operationId?: string;
  'x-retrace-access'?: RouteAccess;
  'x-retrace-users-only'?: boolean;
  responses?: Record<string, unknown>;
  requestBody?: { content?: Record<string, { example?: unknown }> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of an OpenAPI document, with the access rule its route declared. */
export function operationsOf(document: { paths?: Record<string, unknown> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const operation = (item as Record<string, OpenApiOperation | undefined>)[method];
      if (!operation) continue;
      const successes = Object.keys(operation.responses ?? {})
        .map(Number)
        .filter((status) => status >= 200 && status < 300)
        .sort((a, b) => a - b);
      const access = operation['x-retrace-access'];
      if (!operation.operationId || access === undefined || successes[0] === undefined) {
        throw new Error(`${method} ${path} lacks an operationId, an access rule or a 2xx response`);
      }
      const json = operation.requestBody?.content?.['application/json'];
      operations.push({
        operationId: operation.operationId,
        method,
        path,
        access,
        usersOnly: operation['x-retrace-users-only'] === true,
        successStatus: successes[0],
        bodyExample: json?.example,
        hasBody: json !== undefined,
      });
    }
  }
  return operations;
}

export type IdentityName =
  | 'anonymous'
  | 'expired token'
  | 'wrong signature'
  | 'alg none'
  | 'guest'
  | 'member'
  | 'admin'
  | 'admin of another organization'
  | 'guest API key'
  | 'admin API key'
  | 'admin API key of another organization';

export interface Identity {
  name: IdentityName;
  /** Null for the unauthenticated kinds. */
  role: OrgRole | null;
  apiKey: boolean;
  otherOrganization: boolean;
  valid: boolean;
}

export const IDENTITIES: Identity[] = [
  { name: 'anonymous', role: null, apiKey: false, otherOrganization: false, valid: false },
  { name: 'expired token', role: null, apiKey: false, otherOrganization: false, valid: false },
  { name: 'wrong signature', role: null, apiKey: false, otherOrganization: false, valid: false },
  { name: 'alg none', role: null, apiKey: false, otherOrganization: false, valid: false },
  { name: 'guest', role: 'guest', apiKey: false, otherOrganization: false, valid: true },
  { name: 'member', role: 'member', apiKey: false, otherOrganization: false, valid: true },
  { name: 'admin', role: 'admin', apiKey: false, otherOrganization: false, valid: true },
  {
    name: 'admin of another organization',
    role: 'admin',
    apiKey: false,
    otherOrganization: true,
    valid: true,
  },
  { name: 'guest API key', role: 'guest', apiKey: true, otherOrganization: false, valid: true },
  { name: 'admin API key', role: 'admin', apiKey: true, otherOrganization: false, valid: true },
  {
    name: 'admin API key of another organization',
    role: 'admin',
    apiKey: true,
    otherOrganization: true,
    valid: true,
  },
];

/** The one status a route must answer an identity with, derived from the route's declared access. */
export function expectedStatus(operation: Operation, identity: Identity): number {
  if (operation.access === 'public') return operation.successStatus;
  if (!identity.valid || identity.role === null) return 401;
  if (operation.access === 'user') {
    return operation.usersOnly && identity.apiKey ? 403 : operation.successStatus;
  }
  if (identity.otherOrganization) return 404;
  if (!roleAllows(identity.role, operation.access)) return 403;
  if (operation.usersOnly && identity.apiKey) return 403;
  return operation.successStatus;
}

/** The bearer token of an identity, against `world` (and `other` for the other organization). */
export async function credentialOf(
  harness: ApiHarness,
  identity: Identity,
  world: ApiWorld,
  other: ApiWorld,
): Promise<string | null> {
  const admin = world.users.admin;
  switch (identity.name) {
    case 'anonymous':
      return null;
    case 'expired token':
      return harness.tokenFor(admin, { exp: Math.floor(Date.now() / 1000) - 120 });
    case 'wrong signature':
      return harness.tokenFor(admin, {}, 'another-secret-that-is-also-32-chars-long!!');
    case 'alg none':
      return harness.unsignedTokenFor(admin);
    case 'guest':
      return world.users.guest.token;
    case 'member':
      return world.users.member.token;
    case 'admin':
      return admin.token;
    case 'admin of another organization':
      return other.users.admin.token;
    case 'guest API key':
      return world.keys.guest;
    case 'admin API key':
      return world.keys.admin;
    case 'admin API key of another organization':
      return other.keys.admin;
  }
}

/** Routes of the table by operationId, to check responses against their declared schemas. */
export function routesById(routes: readonly ApiRoute[]): Map<string, ApiRoute> {
  return new Map(routes.map((route) => [route.operationId, route]));
}
