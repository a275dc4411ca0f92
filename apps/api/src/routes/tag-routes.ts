// Routes of tags: listed by name and created in a project, read/renamed/recoloured/deleted by id.
import {
  createTag,
  createTagInputSchema,
  deleteTag,
  getTag,
  listTags,
  updateTag,
  updateTagInputSchema,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { tagSchema, toTagJson } from '../schemas/project-schemas.ts';

const TAG = 'Tags';
const tagParams = withOrg('tagId');

const listTagsRoute = defineOrgRoute({
  operationId: 'listTags',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/tags',
  tag: TAG,
  summary: "List a project's tags by name",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery,
  responses: [ok(pageOf(tagSchema, 'TagPage'))],
  async handle({ c, services, actor, params, query }) {
    const page = await listTags(services.domain, actor, {
      projectId: params.projectId,
      ...pageInput(c, services, query),
    });
    return json(c, 200, pageOutput(c, services, page, toTagJson));
  },
});

const createTagRoute = defineOrgRoute({
  operationId: 'createTag',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/tags',
  tag: TAG,
  summary: 'Create a tag (name unique in the project, colour #rrggbb)',
  access: 'member',
  params: withOrg('projectId'),
  body: createTagInputSchema.omit({ projectId: true }).strict(),
  bodyExample: { name: 'regression', color: '#1e90ff' },
  responses: [created(tagSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const tag = await createTag(services.domain, actor, { ...body, projectId: params.projectId });
    c.header('Location', `/api/orgs/${params.orgId}/tags/${tag.id}`);
    return versioned(c, 201, toTagJson(tag), tag.updatedAt);
  },
});

const getTagRoute = defineOrgRoute({
  operationId: 'getTag',
  method: 'get',
  path: '/api/orgs/{orgId}/tags/{tagId}',
  tag: TAG,
  summary: 'Read a tag',
  access: 'guest',
  params: tagParams,
  responses: [okVersioned(tagSchema)],
  async handle({ c, services, actor, params }) {
    const tag = await getTag(services.domain, actor, { tagId: params.tagId });
    return versioned(c, 200, toTagJson(tag), tag.updatedAt);
  },
});

const updateTagRoute = defineOrgRoute({
  operationId: 'updateTag',
  method: 'patch',
  path: '/api/orgs/{orgId}/tags/{tagId}',
  tag: TAG,
  summary: 'Rename or recolour a tag',
  access: 'member',
  params: tagParams,
  ifMatch: true,
  body: updateTagInputSchema.omit({ tagId: true, expectedUpdatedAt: true }).strict(),
  bodyExample: { color: '#ff8800' },
  responses: [okVersioned(tagSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    const tag = await updateTag(services.domain, actor, {
      ...body,
      tagId: params.tagId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toTagJson(tag), tag.updatedAt);
  },
});

const deleteTagRoute = defineOrgRoute({
  operationId: 'deleteTag',
  method: 'delete',
  path: '/api/orgs/{orgId}/tags/{tagId}',
  tag: TAG,
  summary: 'Delete a tag (its test cases stay)',
  access: 'admin',
  params: tagParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    await deleteTag(services.domain, actor, { tagId: params.tagId });
    return noContent(c);
  },
});

export const tagRoutes: ApiRoute[] = [
  listTagsRoute,
  createTagRoute,
  getTagRoute,
  updateTagRoute,
  deleteTagRoute,
];
