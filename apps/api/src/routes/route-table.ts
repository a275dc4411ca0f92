// Every route of the API, in one list: the app, the OpenAPI document and the access tests all read it.
import { artifactRoutes } from '../artifacts/artifact-routes.ts';
import type { ApiRoute } from '../http/api-route.ts';
import { createOpenApiRoutes } from '../openapi/openapi-routes.ts';
import { apiKeyRoutes } from './api-key-routes.ts';
import { browserConfigRoutes } from './browser-config-routes.ts';
import { costRoutes } from './cost-routes.ts';
import { documentRoutes } from './document-routes.ts';
import { memberRoutes } from './member-routes.ts';
import { organizationRoutes } from './organization-routes.ts';
import { projectRoutes } from './project-routes.ts';
import { runEventRoutes } from './run-event-routes.ts';
import { runRoutes } from './run-routes.ts';
import { secretRoutes } from './secret-routes.ts';
import { systemRoutes } from './system-routes.ts';
import { tagRoutes } from './tag-routes.ts';
import { testCaseRoutes } from './test-case-routes.ts';
import { testConfigRoutes } from './test-config-routes.ts';
import { traversalRoutes } from './traversal-routes.ts';

/** The resource routes; the document routes are added by createApi, which owns the document. */
export const resourceRoutes: readonly ApiRoute[] = [
  ...systemRoutes,
  ...organizationRoutes,
  ...memberRoutes,
  ...apiKeyRoutes,
  ...projectRoutes,
  ...documentRoutes,
  ...testCaseRoutes,
  ...tagRoutes,
  ...secretRoutes,
  ...browserConfigRoutes,
  ...testConfigRoutes,
  ...traversalRoutes,
  ...runRoutes,
  ...runEventRoutes,
  ...costRoutes,
  ...artifactRoutes,
];

export function buildRouteTable(document: () => unknown): ApiRoute[] {
  const routes = [...resourceRoutes, ...createOpenApiRoutes(document)];
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${route.method} ${route.path}`;
    if (seen.has(key) || seen.has(route.operationId)) {
      throw new Error(`duplicate route ${key} (${route.operationId})`);
    }
    seen.add(key);
    seen.add(route.operationId);
  }
  return routes;
}
