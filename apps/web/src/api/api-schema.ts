// Types of the REST API, generated from its OpenAPI document: run `npm run generate:api -w @retrace/web`; do not edit.
export interface paths {
  '/api/health': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Liveness of the API process */
    get: operations['getHealth'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/auth/settings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** How to sign in: local mode (API key) and/or Supabase (public settings only) */
    get: operations['getAuthSettings'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Who am I: the user (or API key) and its organizations with roles */
    get: operations['getMe'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the organizations you belong to (an API key sees its own) */
    get: operations['listOrganizations'];
    put?: never;
    /** Create an organization; you become its first admin */
    post: operations['createOrganization'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read an organization */
    get: operations['getOrganization'];
    put?: never;
    post?: never;
    /** Delete an organization and everything in it */
    delete: operations['deleteOrganization'];
    options?: never;
    head?: never;
    /** Rename an organization or change its logo */
    patch: operations['updateOrganization'];
    trace?: never;
  };
  '/api/orgs/{orgId}/membership': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Leave an organization (the last admin cannot) */
    delete: operations['leaveOrganization'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the members with their emails and roles, oldest first */
    get: operations['listMembers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/members/{memberId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Remove a member (to leave yourself, use DELETE /api/orgs/{orgId}/membership) */
    delete: operations['removeMember'];
    options?: never;
    head?: never;
    /** Change a member's role (the last admin cannot be demoted) */
    patch: operations['updateMemberRole'];
    trace?: never;
  };
  '/api/orgs/{orgId}/invitations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List invitations with their status, newest first */
    get: operations['listInvitations'];
    put?: never;
    /**
     * Invite an email address with a role; the token is returned once
     * @description Retrace does not send email: give the invitee `acceptUrl` (or the token). They sign in with that address and accept.
     */
    post: operations['createInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/invitations/{invitationId}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke a pending invitation */
    post: operations['revokeInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/invitations/accept': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Accept an invitation sent to your email address */
    post: operations['acceptInvitation'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/api-keys': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List API keys (revoked ones included), newest first */
    get: operations['listApiKeys'];
    put?: never;
    /** Create an API key with a role; the key is returned once and stored only as a hash */
    post: operations['createApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/api-keys/{apiKeyId}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke an API key (idempotent); it never authenticates again */
    post: operations['revokeApiKey'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List projects, newest first */
    get: operations['listProjects'];
    put?: never;
    /** Create a project (it gets a `default` test config) */
    post: operations['createProject'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a project */
    get: operations['getProject'];
    put?: never;
    post?: never;
    /** Delete a project and everything under it, artifacts included */
    delete: operations['deleteProject'];
    options?: never;
    head?: never;
    /** Rename a project or change its base URL */
    patch: operations['updateProject'];
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/documents': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's documents, newest first */
    get: operations['listDocuments'];
    put?: never;
    /** Create a document */
    post: operations['createDocument'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/documents/{documentId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a document */
    get: operations['getDocument'];
    put?: never;
    post?: never;
    /** Delete a document (a linked test case stays, unlinked) */
    delete: operations['deleteDocument'];
    options?: never;
    head?: never;
    /** Rename a document or replace its content */
    patch: operations['updateDocument'];
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/test-cases': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's test cases, newest first, optionally by tag or name */
    get: operations['listTestCases'];
    put?: never;
    /** Create a test case with its tags and browser configs (desktop preset by default) */
    post: operations['createTestCase'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/test-cases/{testCaseId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a test case with its tag and browser-config ids */
    get: operations['getTestCase'];
    put?: never;
    post?: never;
    /** Delete a test case with its traversals, runs and artifacts */
    delete: operations['deleteTestCase'];
    options?: never;
    head?: never;
    /** Edit a test case; fields left out keep their value */
    patch: operations['updateTestCase'];
    trace?: never;
  };
  '/api/orgs/{orgId}/test-cases/{testCaseId}/tags/{tagId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Tag a test case (idempotent; the tag must be of the same project) */
    put: operations['attachTag'];
    post?: never;
    /** Untag a test case (idempotent) */
    delete: operations['detachTag'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/test-cases/{testCaseId}/browser-configs/{browserConfigId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** Run a test case on a browser config too (idempotent) */
    put: operations['attachBrowserConfig'];
    post?: never;
    /** Stop running a test case on a browser config (idempotent) */
    delete: operations['detachBrowserConfig'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/tags': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's tags by name */
    get: operations['listTags'];
    put?: never;
    /** Create a tag (name unique in the project, colour #rrggbb) */
    post: operations['createTag'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/tags/{tagId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a tag */
    get: operations['getTag'];
    put?: never;
    post?: never;
    /** Delete a tag (its test cases stay) */
    delete: operations['deleteTag'];
    options?: never;
    head?: never;
    /** Rename or recolour a tag */
    patch: operations['updateTag'];
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/secrets': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's secrets by name (never their values) */
    get: operations['listSecrets'];
    put?: never;
    /** Create a secret; tests refer to it as <secret>NAME</secret> */
    post: operations['createSecret'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/secrets/{secretId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Delete a secret (traversals using it will report it missing) */
    delete: operations['deleteSecret'];
    options?: never;
    head?: never;
    /**
     * Rename a secret and/or replace its value; each change bumps the version
     * @description When both are given the rename is applied first; If-Match guards the first change and the value follows on the renamed version.
     */
    patch: operations['updateSecret'];
    trace?: never;
  };
  '/api/orgs/{orgId}/browser-configs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List usable browser configs (presets and your own) by name */
    get: operations['listBrowserConfigs'];
    put?: never;
    /** Create a browser config for the organization */
    post: operations['createBrowserConfig'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/browser-configs/{browserConfigId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a browser config */
    get: operations['getBrowserConfig'];
    put?: never;
    post?: never;
    /** Delete a browser config; in use by traversals or runs it needs force=true */
    delete: operations['deleteBrowserConfig'];
    options?: never;
    head?: never;
    /** Change an organization's browser config (presets are read-only) */
    patch: operations['updateBrowserConfig'];
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/test-configs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's test configs by name */
    get: operations['listTestConfigs'];
    put?: never;
    /** Create a named test config; unset fields take the defaults */
    post: operations['createTestConfig'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/test-configs/{testConfigId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a test config */
    get: operations['getTestConfig'];
    put?: never;
    post?: never;
    /** Delete a test config (not the `default` one) */
    delete: operations['deleteTestConfig'];
    options?: never;
    head?: never;
    /** Change a test config (the `default` one keeps its name) */
    patch: operations['updateTestConfig'];
    trace?: never;
  };
  '/api/orgs/{orgId}/test-cases/{testCaseId}/traversals': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List the recorded versions of a test case, newest first */
    get: operations['listTraversals'];
    put?: never;
    /**
     * Import a recorded path as the next version (e.g. from another Retrace)
     * @description Secret values left in the recorded text are replaced by their <secret>NAME</secret> placeholder before storage. Only a verified traversal is used by replay.
     */
    post: operations['importTraversal'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/traversals/{traversalId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a traversal with its brain states, actions and the secrets it uses */
    get: operations['getTraversal'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/runs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** List a project's runs with filters, newest (or oldest) first */
    get: operations['listRuns'];
    put?: never;
    /**
     * Run test cases (by ids, by tags, or all) on their browser configs, in a mode
     * @description One run per test case × browser config, all in one batch. Mode `replay` is refused with 422 REPLAY_WITHOUT_TRAVERSAL when a pair has no verified traversal; `auto` records those with the agent instead.
     */
    post: operations['triggerRuns'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/runs/{runId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Read a run with its history (signed screenshot URLs), GIF and cost */
    get: operations['getRun'];
    put?: never;
    post?: never;
    /** Delete a run that is not running, with its history, cost and artifacts */
    delete: operations['deleteRun'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/runs/{runId}/cancel': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Cancel a run: a queued one fails at once, a running one stops at its next step */
    post: operations['cancelRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/runs/{runId}/retry': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Queue another attempt of a run that failed for infrastructure reasons */
    post: operations['retryRun'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/runs/{runId}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Follow a run live: its current state and history, then its events until it ends
     * @description `text/event-stream`. Send the Authorization header (use fetch streaming, not EventSource).
     *     Events: `snapshot` (a RunDetail), then the worker's `state`, `step_started`, `step_finished`, `screenshot`
     *     (with a signed `screenshotUrl`) and `log` events, and `heartbeat` every 15 s. The stream closes after the run finishes (with a final `snapshot`).
     */
    get: operations['streamRunEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/runs/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Follow every run of a project live (for run lists)
     * @description `text/event-stream`. Send the Authorization header (use fetch streaming, not EventSource).
     *     Events: `snapshot` (a RunDetail), then the worker's `state`, `step_started`, `step_finished`, `screenshot`
     *     (with a signed `screenshotUrl`) and `log` events, and `heartbeat` every 15 s. Starts with a `ready` event; stays open until the client leaves.
     */
    get: operations['streamProjectRunEvents'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/orgs/{orgId}/projects/{projectId}/costs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A project's LLM cost totals by day, model or test case (a run's own cost is in its detail) */
    get: operations['getCostTotals'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/artifacts/{key}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Download a screenshot or GIF through a signed URL taken from a run response
     * @description No Authorization header: the `exp` and `sig` query parameters are the authorization (about one hour). The key may contain "/". Supports HEAD and a single byte Range. A passed run's GIF is rendered from its screenshots the first time it is requested (a second or two), then stored.
     */
    get: operations['getArtifact'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/openapi.json': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** This OpenAPI 3.1 document */
    get: operations['getOpenApiDocument'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/docs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A browsable reference of this API (works offline) */
    get: operations['getApiReference'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/docs/assets/{file}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A file of the reference page */
    get: operations['getApiReferenceAsset'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    Health: {
      /** @enum {string} */
      status: 'ok';
      version: string;
      /** Format: date-time */
      time: string;
    };
    Problem: {
      /** @example urn:retrace:problem:not-found */
      type: string;
      /** @example Not Found */
      title: string;
      /** @example 404 */
      status: number;
      /**
       * @description Stable error code.
       * @example NOT_FOUND
       */
      code: string;
      /**
       * @description What to fix.
       * @example project not found
       */
      detail: string;
      instance?: string;
      requestId?: string;
      /** @description Field issues of a validation failure. */
      errors?: {
        path: string;
        message: string;
        code: string;
      }[];
      details?: {
        [key: string]: unknown;
      };
    };
    AuthSettings: {
      /** @description Sign in with the API key stored in the data directory. */
      localMode: boolean;
      supabase: {
        projectUrl: string | null;
        /** @description The public (anon) key. */
        anonKey: string | null;
      } | null;
    };
    Me: {
      principal:
        | {
            /** @enum {string} */
            kind: 'user';
            userId: string;
            email: string;
          }
        | {
            /** @enum {string} */
            kind: 'api_key';
            apiKeyId: string;
            organizationId: string;
            /** @enum {string} */
            role: 'admin' | 'member' | 'guest';
          };
      organizations: components['schemas']['Organization'][];
    };
    Organization: {
      id: string;
      name: string;
      logo: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
      /**
       * @description Your role in this organization.
       * @enum {string}
       */
      role: 'admin' | 'member' | 'guest';
    };
    OrganizationPage: {
      items: components['schemas']['Organization'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    MemberPage: {
      items: components['schemas']['Member'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Member: {
      id: string;
      organizationId: string;
      userId: string;
      email: string;
      /** @enum {string} */
      role: 'admin' | 'member' | 'guest';
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
    };
    InvitationPage: {
      items: components['schemas']['Invitation'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Invitation: {
      id: string;
      organizationId: string;
      email: string;
      /** @enum {string} */
      role: 'admin' | 'member' | 'guest';
      /** @enum {string} */
      status: 'pending' | 'accepted' | 'revoked' | 'expired';
      invitedBy: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      expiresAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      acceptedAt: string | null;
      acceptedBy: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      revokedAt: string | null;
    };
    CreatedInvitation: {
      invitation: components['schemas']['Invitation'];
      /** @description Shown once: send it (or `acceptUrl`) to the invitee. */
      token: string;
      acceptUrl: string;
    };
    Membership: {
      organizationId: string;
      userId: string;
      /** @enum {string} */
      role: 'admin' | 'member' | 'guest';
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
    };
    ApiKeyPage: {
      items: components['schemas']['ApiKey'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    ApiKey: {
      id: string;
      organizationId: string;
      name: string;
      /** @description First characters of the key, to tell keys apart. */
      prefix: string;
      /** @enum {string} */
      role: 'admin' | 'member' | 'guest';
      createdBy: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      lastUsedAt: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      revokedAt: string | null;
    };
    CreatedApiKey: {
      apiKey: components['schemas']['ApiKey'];
      /** @description The key itself; shown once, stored only as a hash. */
      token: string;
    };
    ProjectPage: {
      items: components['schemas']['Project'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Project: {
      id: string;
      organizationId: string;
      name: string;
      /** @description Base URL of the application under test. */
      defaultUrlRoute: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    DocumentPage: {
      items: components['schemas']['Document'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Document: {
      id: string;
      projectId: string;
      name: string;
      /** @description Markdown. */
      content: string;
      /** @description The test case it backs, if any. */
      testCaseId: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    TestCasePage: {
      items: components['schemas']['TestCase'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    TestCase: {
      id: string;
      projectId: string;
      documentId: string | null;
      name: string;
      testDescription: string;
      expectedOutcome: string;
      extraRules: string;
      urlRoute: string;
      allowedDomains: string[];
      tagIds: string[];
      browserConfigIds: string[];
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    TagPage: {
      items: components['schemas']['Tag'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Tag: {
      id: string;
      projectId: string;
      name: string;
      /** @example #1e90ff */
      color: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    SecretPage: {
      items: components['schemas']['Secret'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    /** @description A project secret: its value is write-only and never returned. */
    Secret: {
      id: string;
      projectId: string;
      name: string;
      /** @description Goes up by one on every change. */
      version: number;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    BrowserConfigPage: {
      items: components['schemas']['BrowserConfig'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    BrowserConfig: {
      id: string;
      organizationId: string | null;
      name: string;
      /** @description Built-in presets are read-only. */
      builtin: boolean;
      /** @description Browser, viewport, device, locale, timezone, colour scheme, headers, … */
      browserConfig: {
        [key: string]: unknown;
      };
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    TestConfigPage: {
      items: components['schemas']['TestConfig'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    TestConfig: {
      id: string;
      projectId: string;
      name: string;
      baseUrlOverride: string | null;
      /** @enum {string|null} */
      llmProvider: 'openai' | 'anthropic' | 'openai-compatible' | null;
      llmModel: string | null;
      llmBaseUrl: string | null;
      maxSteps: number;
      maxActionsPerStep: number;
      /** @enum {string} */
      repairPolicy: 'auto' | 'never';
      runTimeoutMs: number;
      stepTimeoutMs: number;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      updatedAt: string;
    };
    TraversalPage: {
      items: components['schemas']['Traversal'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    Traversal: {
      id: string;
      projectId: string;
      testCaseId: string;
      browserConfigId: string;
      version: number;
      expectedOutcome: string;
      /** @description Its outcome was verified; replay uses only these. */
      verified: boolean;
      /** @enum {string} */
      source: 'agentic' | 'repair' | 'steps_file' | 'import';
      createdByRunId: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
    };
    TraversalDetail: {
      id: string;
      projectId: string;
      testCaseId: string;
      browserConfigId: string;
      version: number;
      expectedOutcome: string;
      /** @description Its outcome was verified; replay uses only these. */
      verified: boolean;
      /** @enum {string} */
      source: 'agentic' | 'repair' | 'steps_file' | 'import';
      createdByRunId: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      brainStates: components['schemas']['BrainState'][];
      secrets: {
        secretId: string;
        name: string;
        version: number;
      }[];
    };
    BrainState: {
      id: string;
      idxInTraversal: number;
      /** @description False for failed or superseded steps. */
      valid: boolean;
      evaluationPreviousGoal: string;
      memory: string;
      nextGoal: string;
      actions: components['schemas']['Action'][];
    };
    Action: {
      id: string;
      brainStateId: string;
      idxInBrainState: number;
      /** @description The typed action; secrets appear only as <secret>name</secret>. */
      action: {
        [key: string]: unknown;
      };
      /** @description The element fingerprint. */
      domElementData: {
        [key: string]: unknown;
      } | null;
    };
    TriggeredRuns: {
      batchId: string;
      runs: components['schemas']['Run'][];
    };
    Run: {
      id: string;
      projectId: string;
      testCaseId: string;
      browserConfigId: string;
      testConfigId: string | null;
      /** @description The traversal replayed. */
      testTraversalId: string | null;
      /** @description The version an agentic run or a repair saved. */
      producedTraversalId: string | null;
      batchId: string;
      attempt: number;
      retryOfRunId: string | null;
      /**
       * @description The mode requested.
       * @enum {string}
       */
      mode: 'auto' | 'agentic' | 'replay';
      /**
       * @description Null while queued.
       * @enum {string|null}
       */
      runType: 'AGENTIC' | 'REPLAY' | null;
      /** @enum {string} */
      state: 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED';
      /** @enum {string|null} */
      failureKind:
        | 'assertion_failed'
        | 'element_not_found'
        | 'ambiguous_element'
        | 'navigation_blocked'
        | 'outcome_unreachable'
        | 'timeout'
        | 'infrastructure'
        | 'cancelled'
        | 'budget_exceeded'
        | null;
      failureMessage: string | null;
      repairWasNeeded: boolean;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      cancelRequestedAt: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      startedAt: string | null;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      finishedAt: string | null;
      durationMs: number | null;
      /** @description Signed URL of the run GIF (about 1 h). A passed run's GIF is rendered from its screenshots when this URL is first opened. */
      gifUrl: string | null;
      costId: string | null;
    };
    RunPage: {
      items: components['schemas']['Run'][];
      /** @description Pass as `cursor` for the next page; null on the last page. */
      nextCursor: string | null;
    };
    RunDetail: {
      run: components['schemas']['Run'];
      history: components['schemas']['HistoryElement'][];
      cost: components['schemas']['Cost'];
    };
    HistoryElement: {
      id: string;
      idx: number;
      /** @enum {string} */
      state: 'PASSED' | 'FAILED';
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      actionStartedAt: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      actionFinishedAt: string | null;
      durationMs: number | null;
      /** @description Signed URL (about 1 h). */
      screenshotUrl: string | null;
      /**
       * @description locator: the recorded locator held; healed: by similarity; repaired: by the agent.
       * @enum {string}
       */
      locateMethod: 'locator' | 'healed' | 'repaired' | 'none';
      healScore: number | null;
      error: string | null;
      elementBox: {
        x: number;
        y: number;
        width: number;
        height: number;
      } | null;
      caption: string | null;
      stepGoal: string;
      action: components['schemas']['Action'];
    };
    Cost: {
      id: string;
      runId: string;
      projectId: string;
      model: string;
      inputTokens: number;
      completionTokens: number;
      inputPricePerToken: number;
      outputPricePerToken: number;
      costInDollars: number;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      createdAt: string;
    } | null;
    CostTotals: {
      projectId: string;
      /** @enum {string} */
      groupBy: 'day' | 'model' | 'test_case';
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      from: string;
      /**
       * Format: date-time
       * @example 2025-01-31T10:00:00.000Z
       */
      to: string;
      timeZone: string;
      totals: {
        /** @description YYYY-MM-DD, the model, or the test case id. */
        key: string;
        label: string;
        costInDollars: number;
        inputTokens: number;
        completionTokens: number;
        runs: number;
      }[];
      sum: {
        costInDollars: number;
        inputTokens: number;
        completionTokens: number;
        runs: number;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getHealth: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Health'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getAuthSettings: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['AuthSettings'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getMe: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Me'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listOrganizations: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['OrganizationPage'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Acme QA"
         *     }
         */
        'application/json': {
          name: string;
          logo?: string | null;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Organization'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Organization'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateOrganization: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Acme Quality"
         *     }
         */
        'application/json': {
          name?: string;
          logo?: string | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Organization'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  leaveOrganization: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description You are no longer a member */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listMembers: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['MemberPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  removeMember: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        memberId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Removed */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateMemberRole: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        memberId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "role": "member"
         *     }
         */
        'application/json': {
          /** @enum {string} */
          role: 'admin' | 'member' | 'guest';
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Member'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listInvitations: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['InvitationPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "email": "new.tester@example.com",
         *       "role": "member"
         *     }
         */
        'application/json': {
          email: string;
          /** @enum {string} */
          role: 'admin' | 'member' | 'guest';
          /** @default 168 */
          expiresInHours?: number;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedInvitation'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  revokeInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        invitationId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Invitation'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  acceptInvitation: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "token": "rti_…"
         *     }
         */
        'application/json': {
          token: string;
        };
      };
    };
    responses: {
      /** @description You are now a member */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Membership'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listApiKeys: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKeyPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "GitHub Actions",
         *       "role": "member"
         *     }
         */
        'application/json': {
          name: string;
          /**
           * @default member
           * @enum {string}
           */
          role?: 'admin' | 'member' | 'guest';
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CreatedApiKey'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  revokeApiKey: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        apiKeyId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ApiKey'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listProjects: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['ProjectPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createProject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Storefront",
         *       "defaultUrlRoute": "https://staging.shop.example"
         *     }
         */
        'application/json': {
          name: string;
          defaultUrlRoute: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Project'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getProject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Project'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteProject: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateProject: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "defaultUrlRoute": "https://shop.example"
         *     }
         */
        'application/json': {
          name?: string;
          defaultUrlRoute?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Project'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listDocuments: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['DocumentPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createDocument: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Checkout spec",
         *       "content": "# Checkout\nA signed-in user can pay."
         *     }
         */
        'application/json': {
          name: string;
          /** @default  */
          content?: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Document'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getDocument: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Document'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteDocument: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        documentId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateDocument: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        documentId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "content": "# Checkout\nA guest can pay too."
         *     }
         */
        'application/json': {
          name?: string;
          content?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Document'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listTestCases: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
        /** @description Only test cases with this tag. */
        tagId?: string;
        /** @description Case-insensitive part of the name. */
        search?: string;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCasePage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createTestCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Guest checkout",
         *       "testDescription": "Add the first product to the cart and pay as a guest with the test card.",
         *       "expectedOutcome": "The page says \"Thank you for your order\".",
         *       "urlRoute": "/products",
         *       "allowedDomains": [
         *         "*.stripe.com"
         *       ]
         *     }
         */
        'application/json': {
          name: string;
          testDescription: string;
          expectedOutcome: string;
          /** @default  */
          extraRules?: string;
          urlRoute: string;
          /** @default [] */
          allowedDomains?: string[];
          documentId?: string | null;
          /** @default [] */
          tagIds?: string[];
          /**
           * @default [
           *       "builtin-desktop-chromium"
           *     ]
           */
          browserConfigIds?: string[];
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTestCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteTestCase: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateTestCase: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        testCaseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "expectedOutcome": "The order confirmation shows an order number."
         *     }
         */
        'application/json': {
          name?: string;
          testDescription?: string;
          expectedOutcome?: string;
          extraRules?: string;
          urlRoute?: string;
          allowedDomains?: string[];
          documentId?: string | null;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  attachTag: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
        tagId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The test case with its links */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  detachTag: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
        tagId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The test case with its links */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  attachBrowserConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
        browserConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The test case with its links */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  detachBrowserConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
        browserConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The test case with its links */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestCase'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listTags: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TagPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createTag: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "regression",
         *       "color": "#1e90ff"
         *     }
         */
        'application/json': {
          name: string;
          color: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Tag'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTag: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        tagId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Tag'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteTag: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        tagId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateTag: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        tagId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "color": "#ff8800"
         *     }
         */
        'application/json': {
          name?: string;
          color?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Tag'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listSecrets: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['SecretPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "CHECKOUT_PASSWORD",
         *       "value": "correct horse battery staple"
         *     }
         */
        'application/json': {
          name: string;
          /**
           * Format: password
           * @description Write-only: encrypted at rest, never returned by any endpoint.
           */
          value: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Secret'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteSecret: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        secretId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateSecret: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        secretId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "value": "a new password"
         *     }
         */
        'application/json': {
          name?: string;
          /**
           * Format: password
           * @description Write-only: encrypted at rest, never returned by any endpoint.
           */
          value?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Secret'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listBrowserConfigs: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BrowserConfigPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createBrowserConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Dark tablet",
         *       "browserConfig": {
         *         "viewport": {
         *           "width": 1024,
         *           "height": 768
         *         },
         *         "colorScheme": "dark",
         *         "locale": "fr-FR"
         *       }
         *     }
         */
        'application/json': {
          name: string;
          browserConfig: {
            /**
             * @default chromium
             * @enum {string}
             */
            browser?: 'chromium' | 'firefox' | 'webkit';
            device?: string;
            viewport?: {
              width: number;
              height: number;
            };
            deviceScaleFactor?: number;
            isMobile?: boolean;
            hasTouch?: boolean;
            locale?: string;
            timezoneId?: string;
            /** @enum {string} */
            colorScheme?: 'light' | 'dark' | 'no-preference';
            userAgent?: string;
            extraHTTPHeaders?: {
              [key: string]: string;
            };
            geolocation?: {
              latitude: number;
              longitude: number;
              accuracy?: number;
            };
            permissions?: string[];
            storageState?: {
              /** @default [] */
              cookies?: {
                name: string;
                value: string;
                domain: string;
                path: string;
                expires: number;
                httpOnly: boolean;
                secure: boolean;
                /** @enum {string} */
                sameSite: 'Strict' | 'Lax' | 'None';
              }[];
              /** @default [] */
              origins?: {
                /** Format: uri */
                origin: string;
                localStorage: {
                  name: string;
                  value: string;
                }[];
              }[];
            };
            /** @default true */
            headless?: boolean;
          };
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BrowserConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getBrowserConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        browserConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BrowserConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteBrowserConfig: {
    parameters: {
      query?: {
        /** @description Also delete the traversals and runs recorded on it. */
        force?: 'true' | 'false';
      };
      header?: never;
      path: {
        orgId: string;
        browserConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateBrowserConfig: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        browserConfigId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "Dark tablet (landscape)"
         *     }
         */
        'application/json': {
          name?: string;
          browserConfig?: {
            /**
             * @default chromium
             * @enum {string}
             */
            browser?: 'chromium' | 'firefox' | 'webkit';
            device?: string;
            viewport?: {
              width: number;
              height: number;
            };
            deviceScaleFactor?: number;
            isMobile?: boolean;
            hasTouch?: boolean;
            locale?: string;
            timezoneId?: string;
            /** @enum {string} */
            colorScheme?: 'light' | 'dark' | 'no-preference';
            userAgent?: string;
            extraHTTPHeaders?: {
              [key: string]: string;
            };
            geolocation?: {
              latitude: number;
              longitude: number;
              accuracy?: number;
            };
            permissions?: string[];
            storageState?: {
              /** @default [] */
              cookies?: {
                name: string;
                value: string;
                domain: string;
                path: string;
                expires: number;
                httpOnly: boolean;
                secure: boolean;
                /** @enum {string} */
                sameSite: 'Strict' | 'Lax' | 'None';
              }[];
              /** @default [] */
              origins?: {
                /** Format: uri */
                origin: string;
                localStorage: {
                  name: string;
                  value: string;
                }[];
              }[];
            };
            /** @default true */
            headless?: boolean;
          };
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['BrowserConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listTestConfigs: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestConfigPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  createTestConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "staging",
         *       "baseUrlOverride": "https://staging.shop.example",
         *       "maxSteps": 60,
         *       "repairPolicy": "auto"
         *     }
         */
        'application/json': {
          baseUrlOverride?: string | null;
          /** @enum {string|null} */
          llmProvider?: 'openai' | 'anthropic' | 'openai-compatible' | null;
          llmModel?: string | null;
          llmBaseUrl?: string | null;
          maxSteps?: number;
          maxActionsPerStep?: number;
          /** @enum {string} */
          repairPolicy?: 'auto' | 'never';
          runTimeoutMs?: number;
          stepTimeoutMs?: number;
          name: string;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTestConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteTestConfig: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testConfigId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  updateTestConfig: {
    parameters: {
      query?: never;
      header?: {
        /** @description The ETag you read; a stale one answers 412. */
        'if-match'?: string;
      };
      path: {
        orgId: string;
        testConfigId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "maxSteps": 80
         *     }
         */
        'application/json': {
          baseUrlOverride?: string | null;
          /** @enum {string|null} */
          llmProvider?: 'openai' | 'anthropic' | 'openai-compatible' | null;
          llmModel?: string | null;
          llmBaseUrl?: string | null;
          maxSteps?: number;
          maxActionsPerStep?: number;
          /** @enum {string} */
          repairPolicy?: 'auto' | 'never';
          runTimeoutMs?: number;
          stepTimeoutMs?: number;
          name?: string;
        };
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description The version of the resource (its updatedAt, quoted); send it back as If-Match. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TestConfig'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description If-Match does not match the current version */
      412: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listTraversals: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
        /** @description Only this browser config. */
        browserConfigId?: string;
      };
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TraversalPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  importTraversal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        testCaseId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "browserConfigId": "builtin-desktop-chromium",
         *       "expectedOutcome": "The cart shows one item.",
         *       "verified": false,
         *       "brainStates": [
         *         {
         *           "nextGoal": "open the products page",
         *           "actions": [
         *             {
         *               "action": {
         *                 "type": "navigate",
         *                 "url": "/products"
         *               }
         *             }
         *           ]
         *         }
         *       ]
         *     }
         */
        'application/json': {
          browserConfigId: string;
          expectedOutcome: string;
          brainStates: {
            /** @default  */
            evaluationPreviousGoal?: string;
            /** @default  */
            memory?: string;
            /** @default  */
            nextGoal?: string;
            /** @default true */
            valid?: boolean;
            actions: {
              action: {
                [key: string]: unknown;
              };
              /** @default null */
              domElementData?:
                | ({
                    /** @enum {number} */
                    version: 1;
                    tag: string;
                    role: string | null;
                    accessibleName: string | null;
                    text: string | null;
                    id: string | null;
                    name: string | null;
                    type: string | null;
                    placeholder: string | null;
                    label: string | null;
                    testIds: {
                      [key: string]: string;
                    };
                    href: string | null;
                    alt: string | null;
                    title: string | null;
                    classes: string[];
                    value: string | null;
                    cssPath: string;
                    xpath: string;
                    idXpath: string | null;
                    boundingBox: {
                      x: number;
                      y: number;
                      width: number;
                      height: number;
                    } | null;
                    neighborTexts: string[];
                    frame: {
                      url: string;
                      name: string | null;
                      framePath: string[];
                      shadowPath: string[];
                    };
                    locator: string | null;
                  } & {
                    [key: string]: unknown;
                  })
                | null;
            }[];
          }[];
          /** @default [] */
          secrets?: {
            name: string;
            version: number;
          }[];
          /**
           * @default import
           * @enum {string}
           */
          source?: 'import' | 'steps_file';
          /** @default false */
          verified?: boolean;
        };
      };
    };
    responses: {
      /** @description Created */
      201: {
        headers: {
          /** @description URL of the new resource. */
          Location?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TraversalDetail'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getTraversal: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        traversalId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TraversalDetail'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  listRuns: {
    parameters: {
      query?: {
        /** @description The `nextCursor` of the previous page, unchanged. */
        cursor?: string;
        /** @description Items per page (1-200). */
        limit?: number;
        state?: 'QUEUED' | 'RUNNING' | 'PASSED' | 'FAILED';
        type?: 'AGENTIC' | 'REPLAY';
        /** @description Runs of test cases with this tag. */
        tagId?: string;
        testCaseId?: string;
        browserConfigId?: string;
        batchId?: string;
        /** @description Created at or after (ISO 8601). */
        from?: string;
        /** @description Created before (ISO 8601). */
        to?: string;
        sort?: 'newest' | 'oldest';
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description A tag of this exact body; send it as If-None-Match and an unchanged one answers 304 without a body. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RunPage'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  triggerRuns: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "tags": [
         *         "smoke"
         *       ],
         *       "mode": "auto"
         *     }
         */
        'application/json': {
          testCaseIds?: string[];
          tagIds?: string[];
          /** @description Tag names; runs the test cases having any of them. */
          tags?: string[];
          /**
           * @description Every test case of the project.
           * @enum {boolean}
           */
          all?: true;
          /** @description Run on these instead of the configs linked to each test case. */
          browserConfigIds?: string[];
          /**
           * @description auto: replay when a verified traversal exists, else record with the agent; replay fails fast (422) when one is missing.
           * @default auto
           * @enum {string}
           */
          mode?: 'auto' | 'agentic' | 'replay';
          /** @description Defaults to `default`. */
          testConfigId?: string;
          /** @description Groups the runs (e.g. a CI build); generated when absent. */
          batchId?: string;
        };
      };
    };
    responses: {
      /** @description Queued */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['TriggeredRuns'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body too large */
      413: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Body is not JSON */
      415: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Valid, but cannot be done as asked */
      422: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description A tag of this exact body; send it as If-None-Match and an unchanged one answers 304 without a body. */
          ETag?: string;
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RunDetail'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  deleteRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Deleted */
      204: {
        headers: {
          [name: string]: unknown;
        };
        content?: never;
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  cancelRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Run'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  retryRun: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Queued */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['Run'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Conflicts with the current state */
      409: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  streamRunEvents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        runId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An event stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  streamProjectRunEvents: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An event stream */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/event-stream': string;
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getCostTotals: {
    parameters: {
      query?: {
        groupBy?: 'day' | 'model' | 'test_case';
        /** @description Default: 30 days before `to`. */
        from?: string;
        /** @description Exclusive; default: now. */
        to?: string;
        /** @description IANA zone in which days are cut. */
        timeZone?: string;
      };
      header?: never;
      path: {
        orgId: string;
        projectId: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['CostTotals'];
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Missing, invalid or expired token */
      401: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Your role (or an API key) may not do this */
      403: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getArtifact: {
    parameters: {
      query?: {
        /** @description Expiry, Unix seconds. */
        exp?: string;
        /** @description HMAC-SHA256 signature. */
        sig?: string;
      };
      header?: never;
      path: {
        key: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The artifact */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description The requested byte range */
      206: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getOpenApiDocument: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The OpenAPI document */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getApiReference: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description An HTML page */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'text/html': string;
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
  getApiReferenceAsset: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        file: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The file */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/octet-stream': string;
        };
      };
      /** @description Invalid input: `errors` names each field */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Not found, or not visible to you */
      404: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
      /** @description Unexpected error (quote the request id) */
      500: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/problem+json': components['schemas']['Problem'];
        };
      };
    };
  };
}
