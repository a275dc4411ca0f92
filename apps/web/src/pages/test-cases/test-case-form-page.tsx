// Creating or editing a test case: its texts, URL, allowed domains, tags, browser configs and document.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, fieldIssuesByName, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { ApiClient } from '../../api/api-client.ts';
import type { TestCase } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useBrowserConfigs, useDocuments, useTags } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canEdit } from '../../lib/run-labels.ts';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { ErrorState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';
import { TagPicker } from './tag-picker.tsx';

const DESKTOP_PRESET = 'builtin-desktop-chromium';

interface FormValues {
  name: string;
  testDescription: string;
  expectedOutcome: string;
  urlRoute: string;
  extraRules: string;
  allowedDomains: string;
  tagIds: string[];
  browserConfigIds: string[];
  documentId: string;
}

function valuesOf(testCase: TestCase | null): FormValues {
  return {
    name: testCase?.name ?? '',
    testDescription: testCase?.testDescription ?? '',
    expectedOutcome: testCase?.expectedOutcome ?? '',
    urlRoute: testCase?.urlRoute ?? '/',
    extraRules: testCase?.extraRules ?? '',
    allowedDomains: testCase?.allowedDomains.join('\n') ?? '',
    tagIds: testCase?.tagIds ?? [],
    browserConfigIds: testCase?.browserConfigIds ?? [DESKTOP_PRESET],
    documentId: testCase?.documentId ?? '',
  };
}

/** One domain per line or separated by commas; blanks dropped. */
export function parseDomains(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((domain) => domain.trim())
    .filter((domain) => domain !== '');
}

/** Applies the edit: fields first (guarded by If-Match), then the tag and browser-config links. */
async function saveEdit(
  api: ApiClient,
  orgId: string,
  original: TestCase,
  values: FormValues,
): Promise<TestCase> {
  const path = { orgId, testCaseId: original.id };
  let saved = await unwrap(
    api.PATCH('/api/orgs/{orgId}/test-cases/{testCaseId}', {
      params: { path, header: { 'if-match': etagOf(original.updatedAt) } },
      body: {
        name: values.name.trim(),
        testDescription: values.testDescription,
        expectedOutcome: values.expectedOutcome,
        urlRoute: values.urlRoute.trim(),
        extraRules: values.extraRules,
        allowedDomains: parseDomains(values.allowedDomains),
        documentId: values.documentId || null,
      },
    }),
  );
  for (const tagId of values.tagIds.filter((id) => !original.tagIds.includes(id))) {
    saved = await unwrap(
      api.PUT('/api/orgs/{orgId}/test-cases/{testCaseId}/tags/{tagId}', {
        params: { path: { ...path, tagId } },
      }),
    );
  }
  for (const tagId of original.tagIds.filter((id) => !values.tagIds.includes(id))) {
    saved = await unwrap(
      api.DELETE('/api/orgs/{orgId}/test-cases/{testCaseId}/tags/{tagId}', {
        params: { path: { ...path, tagId } },
      }),
    );
  }
  const added = values.browserConfigIds.filter((id) => !original.browserConfigIds.includes(id));
  const removed = original.browserConfigIds.filter((id) => !values.browserConfigIds.includes(id));
  for (const browserConfigId of added) {
    saved = await unwrap(
      api.PUT('/api/orgs/{orgId}/test-cases/{testCaseId}/browser-configs/{browserConfigId}', {
        params: { path: { ...path, browserConfigId } },
      }),
    );
  }
  for (const browserConfigId of removed) {
    saved = await unwrap(
      api.DELETE('/api/orgs/{orgId}/test-cases/{testCaseId}/browser-configs/{browserConfigId}', {
        params: { path: { ...path, browserConfigId } },
      }),
    );
  }
  return saved;
}

function TestCaseForm({ original }: { original: TestCase | null }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tags = useTags(orgId, project.id);
  const configs = useBrowserConfigs(orgId);
  const documents = useDocuments(orgId, project.id);
  // The version the user started from: If-Match and the link changes compare with it, not a later refetch.
  const [base, setBase] = useState<TestCase | null>(original);
  const [values, setValues] = useState<FormValues>(() => valuesOf(original));
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]) =>
    setValues((current) => ({ ...current, [key]: value }));

  const save = useMutation({
    mutationFn: async () => {
      if (base) return saveEdit(api, orgId, base, values);
      return unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/test-cases', {
          params: { path: { orgId, projectId: project.id } },
          body: {
            name: values.name.trim(),
            testDescription: values.testDescription,
            expectedOutcome: values.expectedOutcome,
            urlRoute: values.urlRoute.trim(),
            extraRules: values.extraRules,
            allowedDomains: parseDomains(values.allowedDomains),
            tagIds: values.tagIds,
            browserConfigIds: values.browserConfigIds,
            documentId: values.documentId || null,
          },
        }),
      );
    },
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.testCase(orgId, saved.id), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.allTestCases(orgId, project.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.documents(orgId, project.id) });
      await navigate(paths.testCase(orgId, project.id, saved.id));
    },
  });
  const issues = fieldIssuesByName(save.error);
  const stale = save.error instanceof ApiProblemError && save.error.isStale;

  const reload = async () => {
    if (!base) return;
    const fresh = await queryClient.fetchQuery({
      queryKey: queryKeys.testCase(orgId, base.id),
      queryFn: () =>
        unwrap(
          api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
            params: { path: { orgId, testCaseId: base.id } },
          }),
        ),
      staleTime: 0,
    });
    save.reset();
    setBase(fresh);
    setValues(valuesOf(fresh));
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="form form-wide" onSubmit={submit} noValidate={false}>
      <Field label="Name" error={issues.name}>
        <input
          required
          maxLength={200}
          value={values.name}
          onChange={(e) => set('name', e.target.value)}
        />
      </Field>
      <Field
        label="What the test does"
        hint="Plain language, as you would tell a colleague. Use <secret>name</secret> for project secrets."
        error={issues.testDescription}
      >
        <textarea
          required
          rows={5}
          maxLength={20000}
          value={values.testDescription}
          onChange={(e) => set('testDescription', e.target.value)}
        />
      </Field>
      <Field
        label="Expected outcome"
        hint="What must be true at the end: the run passes only if this is verified."
        error={issues.expectedOutcome}
      >
        <textarea
          required
          rows={3}
          maxLength={5000}
          value={values.expectedOutcome}
          onChange={(e) => set('expectedOutcome', e.target.value)}
        />
      </Field>
      <Field
        label="Start URL"
        hint={`Relative to ${project.defaultUrlRoute}, or absolute.`}
        error={issues.urlRoute}
      >
        <input
          required
          className="mono"
          value={values.urlRoute}
          onChange={(e) => set('urlRoute', e.target.value)}
        />
      </Field>
      <Field
        label="Extra rules"
        hint="Constraints for the agent (optional)."
        error={issues.extraRules}
      >
        <textarea
          rows={3}
          value={values.extraRules}
          onChange={(e) => set('extraRules', e.target.value)}
        />
      </Field>
      <Field
        label="Allowed domains"
        hint="Other hosts the test may reach, one per line (e.g. *.stripe.com). Everything else is blocked."
        error={issues.allowedDomains}
      >
        <textarea
          rows={2}
          className="mono"
          value={values.allowedDomains}
          onChange={(e) => set('allowedDomains', e.target.value)}
        />
      </Field>
      <TagPicker
        projectId={project.id}
        tags={tags.data ?? []}
        selected={values.tagIds}
        onChange={(tagIds) => set('tagIds', tagIds)}
      />
      <fieldset className="fieldset">
        <legend>Browser configs</legend>
        {configs.isPending && <p className="muted small">Loading browser configs…</p>}
        <div className="checkbox-list">
          {(configs.data ?? []).map((config) => (
            <label key={config.id} className="checkbox">
              <input
                type="checkbox"
                checked={values.browserConfigIds.includes(config.id)}
                onChange={(event) =>
                  set(
                    'browserConfigIds',
                    event.target.checked
                      ? [...values.browserConfigIds, config.id]
                      : values.browserConfigIds.filter((id) => id !== config.id),
                  )
                }
              />
              {config.name}
              {config.builtin && <span className="badge badge-muted">preset</span>}
            </label>
          ))}
        </div>
        {issues.browserConfigIds && <p className="field-error">{issues.browserConfigIds}</p>}
      </fieldset>
      <Field label="Linked document" error={issues.documentId}>
        <select value={values.documentId} onChange={(e) => set('documentId', e.target.value)}>
          <option value="">None</option>
          {(documents.data ?? []).map((doc) => (
            <option key={doc.id} value={doc.id}>
              {doc.name}
            </option>
          ))}
        </select>
      </Field>
      {stale ? (
        <div className="notice notice-warn" role="alert">
          <p>{STALE_MESSAGE}</p>
          <button type="button" className="button" onClick={() => void reload()}>
            Reload the test case
          </button>
        </div>
      ) : (
        <InlineError error={save.error} />
      )}
      <div className="button-row">
        <button
          type="submit"
          className="button button-primary"
          disabled={save.isPending || values.browserConfigIds.length === 0}
        >
          {save.isPending ? 'Saving…' : base ? 'Save changes' : 'Create test case'}
        </button>
        <Link
          className="button"
          to={
            base ? paths.testCase(orgId, project.id, base.id) : paths.testCases(orgId, project.id)
          }
        >
          Cancel
        </Link>
      </div>
    </form>
  );
}

export function TestCaseFormPage({ mode }: { mode: 'create' | 'edit' }) {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  const { testCaseId = '' } = useParams();
  const api = useApi();
  useDocumentTitle(mode === 'create' ? 'New test case' : 'Edit test case', project.name);
  const testCase = useQuery({
    queryKey: queryKeys.testCase(orgId, testCaseId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/test-cases/{testCaseId}', {
          params: { path: { orgId, testCaseId } },
          signal,
        }),
      ),
    enabled: mode === 'edit',
    // The form starts from the current version, so If-Match compares with what the user saw.
    staleTime: 0,
    refetchOnWindowFocus: false,
  });
  const crumbs = [
    { label: 'Projects', to: paths.org(orgId) },
    { label: project.name, to: paths.testCases(orgId, project.id) },
    { label: 'Test cases', to: paths.testCases(orgId, project.id) },
  ];
  if (!canEdit(role)) {
    return (
      <div className="page">
        <PageHeader crumbs={crumbs} title="Not allowed" />
        <ErrorState
          title="Your role cannot edit test cases"
          error={new Error('Guests can read everything but change nothing.')}
        />
      </div>
    );
  }
  return (
    <div className="page">
      <PageHeader
        crumbs={crumbs}
        title={mode === 'create' ? 'New test case' : `Edit ${testCase.data?.name ?? 'test case'}`}
      />
      {mode === 'create' ? (
        <TestCaseForm original={null} />
      ) : (
        <QueryView query={testCase} loadingLabel="Loading the test case…">
          {(data) => <TestCaseForm key={data.id} original={data} />}
        </QueryView>
      )}
    </div>
  );
}
