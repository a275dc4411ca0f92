// Reads that many pages share (who am I, projects, tags, browser configs…), each fetched whole and cached.
import { useQuery } from '@tanstack/react-query';
import { useApi } from '../auth/auth-provider.tsx';
import { fetchAllPages, unwrap } from './api-client.ts';
import { queryKeys } from './query-keys.ts';

const PAGE = 200;

export function useMe() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.me,
    queryFn: ({ signal }) => unwrap(api.GET('/api/me', { signal })),
    staleTime: 60_000,
  });
}

export function useProjects(orgId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.projects(orgId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects', {
            params: { path: { orgId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        ),
      ),
  });
}

export function useProject(orgId: string, projectId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.project(orgId, projectId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/projects/{projectId}', {
          params: { path: { orgId, projectId } },
          signal,
        }),
      ),
  });
}

export function useTags(orgId: string, projectId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.tags(orgId, projectId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/tags', {
            params: {
              path: { orgId, projectId },
              query: { limit: PAGE, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
}

export function useBrowserConfigs(orgId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.browserConfigs(orgId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/browser-configs', {
            params: { path: { orgId }, query: { limit: PAGE, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        ),
      ),
    staleTime: 60_000,
  });
}

export function useTestConfigs(orgId: string, projectId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.testConfigs(orgId, projectId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/test-configs', {
            params: {
              path: { orgId, projectId },
              query: { limit: PAGE, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
}

export function useDocuments(orgId: string, projectId: string) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.documents(orgId, projectId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/documents', {
            params: {
              path: { orgId, projectId },
              query: { limit: PAGE, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
}

/** Every test case of a project (names for selects and tables); the list page pages through its own query. */
export function useAllTestCases(orgId: string, projectId: string) {
  const api = useApi();
  return useQuery({
    queryKey: [...queryKeys.allTestCases(orgId, projectId), 'all'],
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/projects/{projectId}/test-cases', {
            params: {
              path: { orgId, projectId },
              query: { limit: PAGE, ...(cursor ? { cursor } : {}) },
            },
            signal,
          }),
        ),
      ),
  });
}

/** A lookup table by id, for naming things referenced by id. */
export function byId<T extends { id: string }>(items: readonly T[] | undefined): Map<string, T> {
  return new Map((items ?? []).map((item) => [item.id, item]));
}
