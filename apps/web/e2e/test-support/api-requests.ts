// Direct REST calls for the end-to-end tests: setting up data and checking what the API itself refuses.
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function callApi<T = unknown>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${key}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** Like callApi, but fails the test on a non-2xx answer. */
export async function api<T = unknown>(
  baseUrl: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const answer = await callApi<T>(baseUrl, key, method, path, body);
  if (answer.status >= 300) {
    throw new Error(`${method} ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

export interface DemoContext {
  orgId: string;
  projectId: string;
  projectName: string;
}

/** The local organization and the demo project that `retrace demo` loaded. */
export async function findDemoProject(baseUrl: string, key: string): Promise<DemoContext> {
  const me = await api<{ organizations: Array<{ id: string }> }>(baseUrl, key, 'GET', '/api/me');
  const orgId = me.organizations[0]?.id;
  if (!orgId) throw new Error('the local key sees no organization');
  const projects = await api<{ items: Array<{ id: string; name: string }> }>(
    baseUrl,
    key,
    'GET',
    `/api/orgs/${orgId}/projects?limit=200`,
  );
  const project = projects.items.find((item) => item.name.includes('(demo)'));
  if (!project) throw new Error('the demo project was not loaded');
  return { orgId, projectId: project.id, projectName: project.name };
}

/** Polls a run until it is finished (the API is the truth; no wall-clock assumptions beyond a cap). */
export async function waitForRunToFinish(
  baseUrl: string,
  key: string,
  orgId: string,
  runId: string,
  timeoutMs = 180_000,
): Promise<{ state: string; failureKind: string | null; failureMessage: string | null }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const detail = await api<{
      run: { state: string; failureKind: string | null; failureMessage: string | null };
    }>(baseUrl, key, 'GET', `/api/orgs/${orgId}/runs/${runId}`);
    if (detail.run.state === 'PASSED' || detail.run.state === 'FAILED') return detail.run;
    if (Date.now() > deadline)
      throw new Error(`run ${runId} still ${detail.run.state} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
