// Routes of spec documents (Markdown): listed and created in a project, read/edited/deleted by id.
import {
  createDocument,
  createDocumentInputSchema,
  deleteDocument,
  getDocument,
  listDocuments,
  updateDocument,
  updateDocumentInputSchema,
} from '@retrace/domain';
import { type ApiRoute, defineOrgRoute } from '../http/api-route.ts';
import { pageInput, pageOutput } from '../http/pages.ts';
import { json, noContent, versioned } from '../http/responses.ts';
import { created, noContentResponse, ok, okVersioned } from '../http/route-responses.ts';
import { pageOf, pageQuery, withOrg } from '../schemas/common-schemas.ts';
import { documentSchema, toDocumentJson } from '../schemas/project-schemas.ts';

const TAG = 'Documents';
const documentParams = withOrg('documentId');

const listDocumentsRoute = defineOrgRoute({
  operationId: 'listDocuments',
  method: 'get',
  path: '/api/orgs/{orgId}/projects/{projectId}/documents',
  tag: TAG,
  summary: "List a project's documents, newest first",
  access: 'guest',
  params: withOrg('projectId'),
  query: pageQuery,
  responses: [ok(pageOf(documentSchema, 'DocumentPage'))],
  async handle({ c, services, actor, params, query }) {
    const page = await listDocuments(services.domain, actor, {
      projectId: params.projectId,
      ...pageInput(c, services, query),
    });
    return json(c, 200, pageOutput(c, services, page, toDocumentJson));
  },
});

const createDocumentRoute = defineOrgRoute({
  operationId: 'createDocument',
  method: 'post',
  path: '/api/orgs/{orgId}/projects/{projectId}/documents',
  tag: TAG,
  summary: 'Create a document',
  access: 'member',
  params: withOrg('projectId'),
  body: createDocumentInputSchema.omit({ projectId: true }).strict(),
  bodyExample: { name: 'Checkout spec', content: '# Checkout\nA signed-in user can pay.' },
  responses: [created(documentSchema, 'Created', true)],
  async handle({ c, services, actor, params, body }) {
    const document = await createDocument(services.domain, actor, {
      ...body,
      projectId: params.projectId,
    });
    c.header('Location', `/api/orgs/${params.orgId}/documents/${document.id}`);
    return versioned(c, 201, toDocumentJson(document), document.updatedAt);
  },
});

const getDocumentRoute = defineOrgRoute({
  operationId: 'getDocument',
  method: 'get',
  path: '/api/orgs/{orgId}/documents/{documentId}',
  tag: TAG,
  summary: 'Read a document',
  access: 'guest',
  params: documentParams,
  responses: [okVersioned(documentSchema)],
  async handle({ c, services, actor, params }) {
    const document = await getDocument(services.domain, actor, { documentId: params.documentId });
    return versioned(c, 200, toDocumentJson(document), document.updatedAt);
  },
});

const updateDocumentRoute = defineOrgRoute({
  operationId: 'updateDocument',
  method: 'patch',
  path: '/api/orgs/{orgId}/documents/{documentId}',
  tag: TAG,
  summary: 'Rename a document or replace its content',
  access: 'member',
  params: documentParams,
  ifMatch: true,
  body: updateDocumentInputSchema.omit({ documentId: true, expectedUpdatedAt: true }).strict(),
  bodyExample: { content: '# Checkout\nA guest can pay too.' },
  responses: [okVersioned(documentSchema)],
  async handle({ c, services, actor, params, body, expectedUpdatedAt }) {
    const document = await updateDocument(services.domain, actor, {
      ...body,
      documentId: params.documentId,
      expectedUpdatedAt,
    });
    return versioned(c, 200, toDocumentJson(document), document.updatedAt);
  },
});

const deleteDocumentRoute = defineOrgRoute({
  operationId: 'deleteDocument',
  method: 'delete',
  path: '/api/orgs/{orgId}/documents/{documentId}',
  tag: TAG,
  summary: 'Delete a document (a linked test case stays, unlinked)',
  access: 'admin',
  params: documentParams,
  responses: [noContentResponse('Deleted')],
  async handle({ c, services, actor, params }) {
    await deleteDocument(services.domain, actor, { documentId: params.documentId });
    return noContent(c);
  },
});

export const documentRoutes: ApiRoute[] = [
  listDocumentsRoute,
  createDocumentRoute,
  getDocumentRoute,
  updateDocumentRoute,
  deleteDocumentRoute,
];
