// Public surface of @retrace/api: the app factory, its dependencies and options, auth config, local access, the
// response cache.
export { createApi, consoleLogger, listApiRoutes } from './create-api.ts';
export type {
  ApiDeps,
  ApiLogger,
  ApiOptions,
  ArtifactReader,
  ProjectChangesPort,
  RunEventsPort,
  RunQueuePort,
} from './api-deps.ts';
export { authConfigSchema, type AuthConfig, type AuthConfigInput } from './auth/auth-config.ts';
export { ensureLocalAccess, LOCAL_API_KEY_FILE, type LocalAccess } from './auth/local-access.ts';
export type { ApiRoute, RouteAccess } from './http/api-route.ts';
export {
  createResponseCache,
  DEFAULT_RESPONSE_CACHE_MAX_AGE_MS,
  type ResponseCache,
  type ResponseCacheOptions,
  type ResponseCacheStats,
} from './http/response-cache.ts';
export { API_ERROR_STATUS, type ApiErrorCode, type Problem } from './http/problem.ts';
