// Routes of projects: list, create (with its default test config), read, edit (If-Match), delete.
import {
  createProject,
  createProjectInputSchema,
  deleteProject,
  getProject,
  listProjects,
  updateProject,
  updateProjectInputSchema,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { orgParams, pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { projectSchema, toProjectJson } from '../schemas/project-schemas.ts';
import { reportUnreleasedArtifacts } from './deletions.ts';

const TAG = 'Projects';
const projectParams = withOrg('projectId');

const listProjectsRoute = defineOrgRoute({
  operationId: 'listProjects',
  method: 'get',
  path: '/api/orgs/{orgId}/projects',
  tag: TAG,
  summary: 'List projects, newest first',
  access: 'guest',
  params: orgParams,
  query: pageQuery,
  responses: [ok(pageOf(projectSchema, 'ProjectPage'))],
  async handle({ c, services, actor, query }) {
    const page = await listProjects(services.domain, actor, pageInput(c, services, query));
    return json(c, 200, pageOutput(c, services, page, toProjectJson));
  },
});

const createProjectRoute = defineOrgRoute({
  operationId: 'createProject',
  method: 'post',
  path: '/api/orgs/{orgId}/projects',
  tag: TAG,
  summary: 'Create a project (it gets a `default` test config)',
  access: 'member',
  params: orgParams,
  body: createProjectInputSchema.strict(),
  bodyExample: { name: 'Storefront', defaultUrlRoute: 'https://staging.shop.example' },
  responses: [created(projectSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const project = await createProject(services.domain, actor, body);
    c.header('Location', `/api/orgs/${params.orgId}/projects/${project.id}`);
    return versioned(c, 201, toProjectJson(project), project.updatedAt);
  },
});

const getProjectRoute = defineOrgRoute({
  operationId: 'getProject',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}',
  tag: TAG,
  summary: 'Read a project',
  access: 'guest',
  params: projectParams,
  responses: [okVersioned(projectSchema)],
  async handle({ c, services, actor, params }) {
    const project = await getProject(services.domain, actor, { projectId: params.projectId });
    return versioned(c, 200, toProjectJson(project), project.updatedAt);
  },
});

const updateProjectRoute = defineOrgRoute({
  operationId: 'updateProject',
  method: 'patch',
  path: '/api/orgs/{orgId}/projects/{projectId}',
  tag: TAG,
  summary: 'Rename a project or change its base URL',
  access: 'member',
  params: projectParams,
  ifMatch: true,
  body: updateProjectInputSchema.omit({ projectId: true, expectedUpdatedAt: true }).strict(),
  bodyExample: { defaultUrlRoute: 'https://shop.example' },
  responses: [okVersioned(projectSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    const project = await updateProject(services.domain, actor, {
      ...body,
      projectId: params.projectId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toProjectJson(project), project.updatedAt);
  },
});

const deleteProjectRoute = defineOrgRoute({
  operationId: 'deleteProject',
  method: 'delete',
  path: '/api/orgs/{orgId}/projects/{projectId}',
  tag: TAG,
  summary: 'Delete a project and everything under it, artifacts included',
  access: 'admin',
  params: projectParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    const released = await deleteProject(services.domain, actor, { projectId: params.projectId });
    reportUnreleasedArtifacts(services, released);
    return noContent(c);
  },
});

export const projectRoutes: ApiRoute[] = [
  listProjectsRoute,
  createProjectRoute,
  getProjectRoute,
  updateProjectRoute,
  deleteProjectRoute,
];
