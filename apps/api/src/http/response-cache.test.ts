// The response cache of list-runs and run-detail: hits, invalidation by any writer, access, lost feeds, races.
import { createDatabase, type Database } from '@retrace/db';
import {
  type TestDatabase,
  type TestDatabaseDriver,
  testDatabaseDrivers,
} from '@retrace/db/testing';
import {
  type Actor,
  addMember,
  attachTag,
  createApiKey,
  createOrganization,
  createRuns,
  type DomainDeps,
  listMembers,
  removeMember,
  startRun,
  systemActor,
} from '@retrace/domain';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProjectChangesPort } from '../api-deps.ts';
import type { createApi } from '../create-api.ts';
import { type ApiHarness, openApiHarness } from '../test-support/api-harness.ts';
import { type ApiWorld, createApiWorld, createUserWithToken } from '../test-support/api-world.ts';
import { type CacheTicket, createResponseCache, type ResponseCache } from './response-cache.ts';

type App = ReturnType<typeof createApi>;
interface RunJson {
  id: string;
  state: string;
  costId: string | null;
}
interface RunPage {
  items: RunJson[];
  nextCursor: string | null;
}

/** A change feed driven by the test: what the database would say, when the test says it. */
function scriptedChanges() {
  let listener: ((projectId: string) => void) | undefined;
  let hooks: { onInterrupted: () => void; onResync: () => void } | undefined;
  const port: ProjectChangesPort = {
    async subscribeProjectChanges(onChange, onHooks) {
      listener = onChange;
      hooks = onHooks;
      return () => {
        listener = undefined;
      };
    },
  };
  return {
    port,
    change: (projectId: string) => listener?.(projectId),
    interrupt: () => hooks?.onInterrupted(),
    resync: () => hooks?.onResync(),
  };
}

const scope = { organizationId: 'org1', projectId: 'p1' };
const body = (text: string) => ({ body: text, etag: `"${text}"` });
const FAR = Number.MAX_SAFE_INTEGER;

describe('response cache, in memory', () => {
  let feed: ReturnType<typeof scriptedChanges>;
  let cache: ResponseCache;
  beforeEach(async () => {
    feed = scriptedChanges();
    cache = createResponseCache(feed.port, { maxEntries: 3, maxBytes: 1000 });
    await cache.start();
  });

  const store = (key: string, text: string, at = scope) =>
    cache.put(cache.begin() as CacheTicket, key, at, body(text), FAR);

  it('serves and stores nothing before it listens', () => {
    const idle = createResponseCache(scriptedChanges().port);
    expect(idle.begin()).toBeNull();
    expect(idle.get('k', 0)).toBeUndefined();
    expect(idle.stats()).toMatchObject({ active: false, hits: 0, misses: 0 });
  });

  it('serves a stored body until its project changes, and keeps other projects', () => {
    store('a', 'A');
    store('b', 'B', { organizationId: 'org1', projectId: 'p2' });
    expect(cache.get('a', 0)?.body).toBe('A');
    feed.change('p1');
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)?.body).toBe('B');
    expect(cache.stats()).toMatchObject({ hits: 2, misses: 1, notifications: 1 });
  });

  it('does not store a body read while its project or organization changed', () => {
    const ticket = cache.begin() as CacheTicket;
    feed.change('p1');
    cache.put(ticket, 'a', scope, body('stale'), FAR);
    const second = cache.begin() as CacheTicket;
    cache.invalidateOrganization('org1');
    cache.put(second, 'a', scope, body('stale'), FAR);
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.stats()).toMatchObject({ stores: 0, racedStores: 2 });
    store('a', 'fresh');
    expect(cache.get('a', 0)?.body).toBe('fresh');
  });

  it('a write in an organization drops its bodies at once', () => {
    store('a', 'A');
    store('b', 'B', { organizationId: 'org2', projectId: 'p9' });
    cache.invalidateOrganization('org1');
    expect(cache.get('a', 0)).toBeUndefined();
    expect(cache.get('b', 0)?.body).toBe('B');
  });

  it('goes off and forgets everything when the feed is interrupted, and back on at the resync', () => {
    store('a', 'A');
    const inFlight = cache.begin() as CacheTicket;
    feed.interrupt();
    expect(cache.stats()).toMatchObject({ active: false, entries: 0 });
    expect(cache.begin()).toBeNull();
    expect(cache.get('a', 0)).toBeUndefined();
    feed.resync();
    expect(cache.stats()).toMatchObject({ active: true, resyncs: 1, entries: 0 });
    // Read before the interruption: changes made during it were never heard.
    cache.put(inFlight, 'a', scope, body('maybe stale'), FAR);
    expect(cache.get('a', 0)).toBeUndefined();
    store('a', 'A2');
    expect(cache.get('a', 0)?.body).toBe('A2');
  });

  it('lets a miss share a read under way only while nothing has changed since it began', async () => {
    cache.share('a', cache.begin() as CacheTicket, Promise.resolve(body('A')));
    expect(await cache.pending('a')).toEqual(body('A'));
    expect(cache.pending('b')).toBeUndefined();
    const never = new Promise<never>(() => undefined);
    cache.share('b', cache.begin() as CacheTicket, never);
    cache.invalidateOrganization('org-elsewhere');
    expect(cache.pending('b')).toBeUndefined();
    cache.share('c', cache.begin() as CacheTicket, never);
    feed.interrupt();
    feed.resync();
    expect(cache.pending('c')).toBeUndefined();
    expect(cache.stats().sharedReads).toBe(1);
  });

  it('forgets a shared read once it settled, failed or not', async () => {
    const failing = Promise.reject(new Error('database down'));
    cache.share('a', cache.begin() as CacheTicket, failing);
    await expect(cache.pending('a')).rejects.toThrow('database down');
    await failing.catch(() => undefined);
    await Promise.resolve();
    expect(cache.pending('a')).toBeUndefined();
  });

  it('drops a body at its expiry', () => {
    cache.put(cache.begin() as CacheTicket, 'a', scope, body('A'), 1000);
    expect(cache.get('a', 999)?.body).toBe('A');
    expect(cache.get('a', 1000)).toBeUndefined();
  });

  it('evicts the least recently used body beyond its entry and byte limits', () => {
    store('a', 'A');
    store('b', 'B');
    store('c', 'C');
    cache.get('a', 0);
    store('d', 'D');
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)?.body).toBe('A');
    store('big', 'x'.repeat(450));
    expect(cache.stats().bytes).toBeLessThanOrEqual(1000);
    expect(cache.get('big', 0)?.body).toHaveLength(450);
    store('huge', 'x'.repeat(600));
    expect(cache.get('huge', 0)).toBeUndefined();
  });
});

/** Raw SQL on a connection of its own, as another process (a worker, an import) would write. */
function rawQuery(database: Database, text: string, values: unknown[] = []): Promise<unknown> {
  return database.kind === 'pglite'
    ? database.pglite.query(text, values)
    : database.pool.query(text, values);
}

function cacheSuite(driver: TestDatabaseDriver) {
  let harness: ApiHarness;
  let world: ApiWorld;
  let cache: ResponseCache;
  let app: App;
  /** The worker's side: a second pool on a server, the same instance with PGlite. */
  let writer: Database;
  let writerDomain: DomainDeps;
  const heard: string[] = [];
  let list: string;
  let marker = 0;

  beforeAll(async () => {
    harness = await openApiHarness(driver);
    world = await createApiWorld(harness);
    const database: TestDatabase = harness.database;
    writer =
      database.kind === 'pglite'
        ? database
        : await createDatabase({ kind: 'postgres', url: database.url ?? '', poolSize: 2 });
    writerDomain = { ...harness.domain, db: writer.db };
    const recorded: ProjectChangesPort = {
      subscribeProjectChanges: (listener, hooks) =>
        harness.queue.subscribeProjectChanges((projectId) => {
          heard.push(projectId);
          listener(projectId);
        }, hooks),
    };
    cache = createResponseCache(recorded);
    await cache.start();
    app = harness.appWith({ responseCache: cache });
    list = `/api/orgs/${world.orgId}/projects/${world.ids.projectId}/runs`;
  });
  afterAll(async () => {
    await cache.close();
    if (writer !== harness.database) await writer.close();
    await harness.close();
  });

  const get = (target: App, url: string, token: string, headers: Record<string, string> = {}) =>
    target.request(url, { headers: { Authorization: `Bearer ${token}`, ...headers } });
  const listAs = async (token: string, query = '?limit=50') =>
    (await (await get(app, `${list}${query}`, token)).json()) as RunPage;
  const guest = () => world.users.guest.token;

  /** Waits until every change committed so far has been heard: notifications arrive in commit order. */
  async function settle(): Promise<void> {
    const payload = `marker-${marker++}`;
    await rawQuery(writer, 'select pg_notify($1, $2)', ['retrace_project_changed', payload]);
    await vi.waitFor(() => expect(heard).toContain(payload), { timeout: 5_000, interval: 5 });
  }

  /** Runs a write from the other connection and waits for the notification it causes. */
  async function changeElsewhere(write: () => Promise<unknown>): Promise<void> {
    await settle();
    const before = cache.stats().notifications;
    await write();
    await vi.waitFor(() => expect(cache.stats().notifications).toBeGreaterThan(before), {
      timeout: 5_000,
      interval: 5,
    });
  }

  async function queuedRun(): Promise<string> {
    const member: Actor = {
      kind: 'user',
      userId: world.users.member.sub,
      organizationId: world.orgId,
      role: 'member',
    };
    const [run] = await createRuns(writerDomain, member, {
      projectId: world.ids.projectId,
      selection: { kind: 'test_cases', testCaseIds: [world.ids.testCaseId] },
    });
    if (!run) throw new Error('no run');
    return run.id;
  }

  it('answers a second list with no change in between from the cache, and If-None-Match with 304', async () => {
    await settle();
    const before = cache.stats();
    const first = await get(app, `${list}?limit=50`, guest());
    const etag = first.headers.get('etag') ?? '';
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^"[\w-]+"$/);
    const text = await first.text();
    const second = await get(app, `${list}?sort=newest&limit=50`, guest());
    expect(await second.text()).toBe(text);
    expect(second.headers.get('etag')).toBe(etag);
    expect(second.headers.get('content-type')).toMatch(/^application\/json/);
    const revalidated = await get(app, `${list}?limit=50`, guest(), { 'If-None-Match': etag });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get('etag')).toBe(etag);
    expect(cache.stats()).toMatchObject({
      hits: before.hits + 2,
      misses: before.misses + 1,
      stores: before.stores + 1,
    });
  });

  it('shows a run started by another connection in the next list once its notification arrives', async () => {
    const runId = await queuedRun();
    await settle();
    expect((await listAs(guest())).items.find((r) => r.id === runId)?.state).toBe('QUEUED');
    await listAs(guest());
    const hits = cache.stats().hits;
    await changeElsewhere(() =>
      startRun(writerDomain, systemActor(world.orgId), {
        runId,
        workerId: 'w-elsewhere',
        runType: 'REPLAY',
      }),
    );
    expect((await listAs(guest())).items.find((r) => r.id === runId)?.state).toBe('RUNNING');
    expect(cache.stats().hits).toBe(hits);
  });

  it('shows runs inserted, updated and deleted by raw SQL on another connection', async () => {
    await settle();
    await listAs(guest());
    const id = `raw-run-${driver.name}`;
    await changeElsewhere(() =>
      rawQuery(
        writer,
        `insert into test_runs (id, project_id, test_case_id, browser_config_id, mode_requested, batch_id)
         values ($1, $2, $3, 'builtin-desktop-chromium', 'agentic', 'raw')`,
        [id, world.ids.projectId, world.ids.testCaseId],
      ),
    );
    expect((await listAs(guest())).items[0]?.id).toBe(id);
    await changeElsewhere(() =>
      rawQuery(
        writer,
        `update test_runs set state = 'FAILED', failure_kind = 'cancelled', finished_at = now() where id = $1`,
        [id],
      ),
    );
    expect((await listAs(guest())).items[0]).toMatchObject({ id, state: 'FAILED' });
    await changeElsewhere(() => rawQuery(writer, 'delete from test_runs where id = $1', [id]));
    expect((await listAs(guest())).items.some((r) => r.id === id)).toBe(false);
  });

  it('a heartbeat alone keeps the cached list', async () => {
    const runId = await queuedRun();
    await startRun(writerDomain, systemActor(world.orgId), {
      runId,
      workerId: 'w-beat',
      runType: 'REPLAY',
    });
    await settle();
    await listAs(guest());
    const before = cache.stats();
    await rawQuery(writer, 'update test_runs set heartbeat_at = now() where id = $1', [runId]);
    await settle();
    await listAs(guest());
    expect(cache.stats()).toMatchObject({
      hits: before.hits + 1,
      notifications: before.notifications + 1,
    });
  });

  it('linking a tag elsewhere changes the list filtered by that tag', async () => {
    const byTag = `?limit=50&tagId=${world.ids.tagId}`;
    await settle();
    expect((await listAs(guest(), byTag)).items).toEqual([]);
    expect((await listAs(guest(), byTag)).items).toEqual([]);
    const member: Actor = {
      kind: 'user',
      userId: world.users.member.sub,
      organizationId: world.orgId,
      role: 'member',
    };
    await changeElsewhere(() =>
      attachTag(writerDomain, member, { testCaseId: world.ids.testCaseId, tagId: world.ids.tagId }),
    );
    expect((await listAs(guest(), byTag)).items.length).toBeGreaterThan(0);
  });

  it("caches a run's detail and drops it when a step goal it shows is edited elsewhere", async () => {
    const detail = `/api/orgs/${world.orgId}/runs/${world.ids.finishedRunId}`;
    await settle();
    const goals = async () =>
      ((await (await get(app, detail, guest())).json()) as { history: { stepGoal: string }[] })
        .history[0]?.stepGoal;
    expect(await goals()).toBe('open the cart');
    const hits = cache.stats().hits;
    expect(await goals()).toBe('open the cart');
    expect(cache.stats().hits).toBe(hits + 1);
    await changeElsewhere(() =>
      rawQuery(
        writer,
        `update brain_states set next_goal = 'open the basket' where id in
        (select b.id from brain_states b join actions a on a.brain_state_id = b.id
          join history_elements h on h.action_id = a.id where h.test_run_id = $1)`,
        [world.ids.finishedRunId],
      ),
    );
    expect(await goals()).toBe('open the basket');
  });

  it('never serves a cached list to someone of another organization, or to a guest removed', async () => {
    await settle();
    await listAs(guest());
    expect((await get(app, `${list}?limit=50`, guest())).status).toBe(200);
    const outsider = await createUserWithToken(harness, 'outsider');
    const { organization } = await createOrganization(
      harness.domain,
      { userId: outsider.sub },
      { name: `Other ${driver.name}` },
    );
    const outsiderAdmin: Actor = {
      kind: 'user',
      userId: outsider.sub,
      organizationId: organization.id,
      role: 'admin',
    };
    const { token: otherKey } = await createApiKey(harness.domain, outsiderAdmin, {
      name: 'other',
      role: 'guest',
    });
    expect((await get(app, `${list}?limit=50`, outsider.token)).status).toBe(404);
    expect((await get(app, `${list}?limit=50`, otherKey)).status).toBe(404);
    const otherPath = `/api/orgs/${organization.id}/projects/${world.ids.projectId}/runs?limit=50`;
    expect((await get(app, otherPath, otherKey)).status).toBe(404);
    expect((await app.request(`${list}?limit=50`)).status).toBe(401);

    const admin: Actor = {
      kind: 'user',
      userId: world.users.admin.sub,
      organizationId: world.orgId,
      role: 'admin',
    };
    const removed = await createUserWithToken(harness, 'leaver');
    await addMember(harness.domain, admin, { userId: removed.sub, role: 'guest' });
    expect((await get(app, `${list}?limit=50`, removed.token)).status).toBe(200);
    const membership = (await listMembers(harness.domain, admin)).items.find(
      (m) => m.userId === removed.sub,
    );
    await removeMember(harness.domain, admin, { memberId: membership?.id ?? '' });
    expect((await get(app, `${list}?limit=50`, removed.token)).status).toBe(404);
  });

  it('a write through the API is visible to its next read at once, without waiting for a notification', async () => {
    const silent = createResponseCache(scriptedChanges().port);
    await silent.start();
    const quiet = harness.appWith({ responseCache: silent });
    const runId = await queuedRun();
    const stateOf = async () =>
      ((await (await get(quiet, `${list}?limit=50`, guest())).json()) as RunPage).items.find(
        (r) => r.id === runId,
      )?.state;
    expect(await stateOf()).toBe('QUEUED');
    expect(await stateOf()).toBe('QUEUED');
    expect(silent.stats().hits).toBe(1);
    const cancel = await quiet.request(`/api/orgs/${world.orgId}/runs/${runId}/cancel`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${world.users.member.token}` },
    });
    expect(cancel.status).toBe(200);
    expect(await stateOf()).toBe('FAILED');
    await silent.close();
  });

  it('without a cache every list reads the database, and still carries an ETag', async () => {
    const runId = await queuedRun();
    const direct = async () => {
      const response = await get(harness.app, `${list}?limit=50`, guest());
      expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      return ((await response.json()) as RunPage).items.find((r) => r.id === runId)?.state;
    };
    expect(await direct()).toBe('QUEUED');
    await rawQuery(
      writer,
      `update test_runs set state = 'FAILED', failure_kind = 'cancelled', finished_at = now() where id = $1`,
      [runId],
    );
    expect(await direct()).toBe('FAILED');
  });

  if (driver.name === 'postgres') {
    it('forgets everything when its listening connection is killed, and caches again once back', async () => {
      await settle();
      await listAs(guest());
      expect(cache.stats().entries).toBeGreaterThan(0);
      const resyncs = cache.stats().resyncs;
      await rawQuery(
        writer,
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [`retrace-listen:${harness.queue.schema}`],
      );
      await vi.waitFor(() => expect(cache.stats().resyncs).toBe(resyncs + 1), {
        timeout: 10_000,
        interval: 20,
      });
      expect(cache.stats()).toMatchObject({ active: true, entries: 0 });
      await listAs(guest());
      const hits = cache.stats().hits;
      await listAs(guest());
      expect(cache.stats().hits).toBe(hits + 1);
    });
  }
}

describe.each(testDatabaseDrivers(process.env))('response cache over the API [$name]', (driver) =>
  cacheSuite(driver),
);
