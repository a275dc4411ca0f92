// Routes of project secrets: values are write-only for everyone; responses carry names, versions and times.
import { z } from '@hono/zod-openapi';
import {
  createSecret,
  deleteSecret,
  listSecrets,
  renameSecret,
  secretNameSchema,
  secretValueSchema,
  updateSecretValue,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { secretSchema, toSecretJson } from '../schemas/project-schemas.ts';

const TAG = 'Secrets';
const secretParams = withOrg('secretId');
const writeOnlyValue = secretValueSchema.clone().openapi({
  description: 'Write-only: encrypted at rest, never returned by any endpoint.',
  format: 'password',
});

const listSecretsRoute = defineOrgRoute({
  operationId: 'listSecrets',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/secrets',
  tag: TAG,
  summary: "List a project's secrets by name (never their values)",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery,
  responses: [ok(pageOf(secretSchema, 'SecretPage'))],
  async handle({ c, services, actor, params, query }) {
    const page = await listSecrets(services.domain, actor, {
      projectId: params.projectId,
      ...pageInput(c, services, query),
    });
    return json(c, 200, pageOutput(c, services, page, toSecretJson));
  },
});

const createSecretRoute = defineOrgRoute({
  operationId: 'createSecret',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/secrets',
  tag: TAG,
  summary: 'Create a secret; tests refer to it as <secret>NAME</secret>',
  access: 'admin',
  params: withOrg('projectId'),
  body: z.object({ name: secretNameSchema, value: writeOnlyValue }).strict(),
  bodyExample: { name: 'CHECKOUT_PASSWORD', value: 'correct horse battery staple' },
  responses: [created(secretSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const secret = await createSecret(services.domain, actor, {
      projectId: params.projectId,
      name: body.name,
      value: body.value,
    });
    c.header('Location', `/api/orgs/${params.orgId}/projects/${params.projectId}/secrets`);
    return versioned(c, 201, toSecretJson(secret), secret.updatedAt);
  },
});

const updateSecretRoute = defineOrgRoute({
  operationId: 'updateSecret',
  method: 'patch',
  path: '/api/orgs/{orgId}/secrets/{secretId}',
  tag: TAG,
  summary: 'Rename a secret and/or replace its value; each change bumps the version',
  description:
    'When both are given the rename is applied first; If-Match guards the first change and the value follows on the renamed version.',
  access: 'admin',
  params: secretParams,
  ifMatch: true,
  body: z
    .object({ name: secretNameSchema.optional(), value: writeOnlyValue.optional() })
    .strict()
    .refine((body) => body.name !== undefined || body.value !== undefined, {
      message: 'give a new name, a new value, or both',
    }),
  bodyExample: { value: 'a new password' },
  responses: [okVersioned(secretSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    let expected = expectedUpdatedAt;
    let secret =
      body.name === undefined
        ? null
        : await renameSecret(services.domain, actor, {
            secretId: params.secretId,
            name: body.name,
            expectedUpdatedAt: expected,
          });
    if (secret !== null) expected = secret.updatedAt;
    if (body.value !== undefined) {
      secret = await updateSecretValue(services.domain, actor, {
        secretId: params.secretId,
        value: body.value,
        expectedUpdatedAt: expected,
      });
    }
    if (secret === null) throw new Error('secret update changed nothing');
    return versioned(c, 200, toSecretJson(secret), secret.updatedAt);
  },
});

const deleteSecretRoute = defineOrgRoute({
  operationId: 'deleteSecret',
  method: 'delete',
  path: '/api/orgs/{orgId}/secrets/{secretId}',
  tag: TAG,
  summary: 'Delete a secret (traversals using it will report it missing)',
  access: 'admin',
  params: secretParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    await deleteSecret(services.domain, actor, { secretId: params.secretId });
    return noContent(c);
  },
});

export const secretRoutes: ApiRoute[] = [
  listSecretsRoute,
  createSecretRoute,
  updateSecretRoute,
  deleteSecretRoute,
];
