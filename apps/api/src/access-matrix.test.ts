// Security: every route × every identity answers exactly the status its declared access rule implies.
import { type TestDatabaseDriver, primaryTestDatabaseDriver } from '@retrace/db/testing';
import { createInvitation, createOrganization, upsertUserFromAuth } from '@retrace/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listApiRoutes } from './create-api.ts';
import { PROBLEM_CONTENT_TYPE } from './http/problem.ts';
import { buildOpenApiDocument } from './openapi/openapi-document.ts';
import { type ApiHarness, openApiHarness, PUBLIC_URL } from './test-support/api-harness.ts';
import { type ApiWorld, createApiWorld } from './test-support/api-world.ts';
import {
  credentialOf,
  expectedStatus,
  IDENTITIES,
  type Identity,
  type Operation,
  operationsOf,
  routesById,
} from './test-support/route-matrix.ts';

/** The document is generated from the route table at collection time: a new route gets its row here. */
const ROUTES = listApiRoutes();
const OPERATIONS = operationsOf(
  buildOpenApiDocument(ROUTES, { version: 'test', publicUrl: PUBLIC_URL }),
);
const ROUTE_BY_ID = routesById(ROUTES);

/** Path ids that differ from the default one the world offers under the parameter's name. */
const PARAM_OVERRIDES: Record<string, Record<string, string>> = {
  retryRun: { runId: 'lostRunId' },
  streamRunEvents: { runId: 'finishedRunId' },
  detachTag: { tagId: 'attachedTagId' },
};

async function signedArtifactPath(harness: ApiHarness, world: ApiWorld): Promise<string> {
  const response = await harness.call(
    'GET',
    `/api/orgs/${world.orgId}/runs/${world.ids.finishedRunId}`,
    world.users.admin.token,
  );
  const detail = (await response.json()) as { history: { screenshotUrl: string | null }[] };
  const url = new URL(detail.history[0]?.screenshotUrl ?? '');
  return `${url.pathname}${url.search}`;
}

async function urlFor(harness: ApiHarness, operation: Operation, world: ApiWorld): Promise<string> {
  if (operation.operationId === 'getArtifact') return signedArtifactPath(harness, world);
  const overrides = PARAM_OVERRIDES[operation.operationId] ?? {};
  return operation.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (name === 'file') return 'swagger-ui.css';
    const id = (world.ids as unknown as Record<string, string | undefined>)[
      overrides[name] ?? name
    ];
    if (id === undefined) throw new Error(`the test world has no id for {${name}}: add one`);
    return encodeURIComponent(id);
  });
}

/** An invitation the identity can accept: sent to its own address by an organization it is not in. */
async function invitationBody(harness: ApiHarness, email: string): Promise<{ token: string }> {
  const inviter = await upsertUserFromAuth(harness.domain, {
    sub: `inviter-${email}`,
    email: `inviter-${email}`,
  });
  const { organization } = await createOrganization(
    harness.domain,
    { userId: inviter.id },
    { name: 'Inviting org' },
  );
  const { token } = await createInvitation(
    harness.domain,
    { kind: 'user', userId: inviter.id, organizationId: organization.id, role: 'admin' },
    { email, role: 'member' },
  );
  return { token };
}

async function bodyFor(
  harness: ApiHarness,
  operation: Operation,
  identity: Identity,
  world: ApiWorld,
  other: ApiWorld,
): Promise<unknown> {
  if (!operation.hasBody) return undefined;
  if (operation.operationId === 'acceptInvitation') {
    const own: Partial<Record<Identity['name'], string>> = {
      guest: world.users.guest.email,
      member: world.users.member.email,
      'admin of another organization': other.users.admin.email,
    };
    return invitationBody(harness, own[identity.name] ?? world.users.admin.email);
  }
  if (operation.bodyExample === undefined) {
    throw new Error(
      `${operation.operationId} has a body but no example: add bodyExample to its route`,
    );
  }
  return operation.bodyExample;
}

function matrixSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let shared: ApiWorld;
  let other: ApiWorld;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    shared = await createApiWorld(harness);
    other = await createApiWorld(harness);
  });
  afterAll(async () => harness.close());

  it('serves the same operations as the route table documents', async () => {
    const served = operationsOf(
      await (await harness.call('GET', '/api/openapi.json', null)).json(),
    );
    expect(served.map((o) => `${o.method} ${o.path}`).sort()).toEqual(
      OPERATIONS.map((o) => `${o.method} ${o.path}`).sort(),
    );
    expect(OPERATIONS.length).toBe(ROUTES.length);
  });

  it.each(OPERATIONS.map((o) => [`${o.method.toUpperCase()} ${o.path}`, o] as const))(
    '%s answers each identity with its exact status',
    async (_name, operation) => {
      const failures: string[] = [];
      // A call that may change state gets a world of its own, so cells cannot disturb each other.
      const mutates = (identity: Identity) =>
        operation.method !== 'get' && expectedStatus(operation, identity) < 300;
      const ownWorlds = await Promise.all(
        IDENTITIES.map((identity) =>
          mutates(identity) ? createApiWorld(harness, { light: true }) : null,
        ),
      );
      for (const [index, identity] of IDENTITIES.entries()) {
        const expected = expectedStatus(operation, identity);
        const world = ownWorlds[index] ?? shared;
        const token = await credentialOf(harness, identity, world, other);
        const url = await urlFor(harness, operation, world);
        const body = await bodyFor(harness, operation, identity, world, other);
        const response = await harness.call(operation.method.toUpperCase(), url, token, body);
        const contentType = response.headers.get('content-type') ?? '';
        const text = contentType.startsWith('text/event-stream')
          ? (await response.body?.cancel(), '')
          : await response.text();
        if (response.status !== expected) {
          failures.push(
            `${identity.name}: expected ${expected}, got ${response.status} ${text.slice(0, 300)}`,
          );
          continue;
        }
        if (expected >= 400) {
          expect(contentType, identity.name).toBe(PROBLEM_CONTENT_TYPE);
          expect(JSON.parse(text), identity.name).toMatchObject({
            status: expected,
            code: expect.any(String),
          });
        } else if (
          contentType.startsWith('application/json') &&
          operation.operationId !== 'getOpenApiDocument'
        ) {
          const schema = ROUTE_BY_ID.get(operation.operationId)?.responses.find(
            (r) => r.status === expected,
          )?.schema;
          const parsed = schema?.safeParse(JSON.parse(text));
          expect(
            parsed?.success,
            `${identity.name}: response matches its documented schema ${JSON.stringify(parsed?.error?.issues?.slice(0, 3))}`,
          ).toBe(true);
        }
        expect(text, `${identity.name}: the canary secret leaked`).not.toContain(world.canary);
      }
      expect(failures).toEqual([]);
    },
  );
}

describe.each(primaryTestDatabaseDriver(process.env))('access matrix [$name]', matrixSuite);
