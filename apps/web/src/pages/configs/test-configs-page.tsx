// A project's test configs: environment URL, model, step and time budgets, repair policy.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, fieldIssuesByName, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { CreateTestConfigBody, TestConfig } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useTestConfigs } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { formatDuration } from '../../lib/format.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { InlineError, QueryView } from '../../ui/page-state.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

type Provider = NonNullable<TestConfig['llmProvider']>;

interface Values {
  name: string;
  baseUrlOverride: string;
  llmProvider: Provider | '';
  llmModel: string;
  llmBaseUrl: string;
  maxSteps: string;
  maxActionsPerStep: string;
  repairPolicy: 'auto' | 'never';
  runTimeoutSeconds: string;
  stepTimeoutSeconds: string;
}

function valuesOf(config: TestConfig | null): Values {
  return {
    name: config?.name ?? '',
    baseUrlOverride: config?.baseUrlOverride ?? '',
    llmProvider: config?.llmProvider ?? '',
    llmModel: config?.llmModel ?? '',
    llmBaseUrl: config?.llmBaseUrl ?? '',
    maxSteps: config ? String(config.maxSteps) : '',
    maxActionsPerStep: config ? String(config.maxActionsPerStep) : '',
    repairPolicy: config?.repairPolicy ?? 'auto',
    runTimeoutSeconds: config ? String(config.runTimeoutMs / 1000) : '',
    stepTimeoutSeconds: config ? String(config.stepTimeoutMs / 1000) : '',
  };
}

/** The body: blanks mean "the default" on create and "no change" on edit; numbers as the API wants them. */
function bodyOf(values: Values): CreateTestConfigBody {
  const number = (text: string, scale = 1) =>
    text.trim() === '' ? undefined : Math.round(Number(text) * scale);
  const body: CreateTestConfigBody = {
    name: values.name.trim(),
    baseUrlOverride: values.baseUrlOverride.trim() || null,
    llmProvider: values.llmProvider || null,
    llmModel: values.llmModel.trim() || null,
    llmBaseUrl: values.llmBaseUrl.trim() || null,
    repairPolicy: values.repairPolicy,
  };
  const maxSteps = number(values.maxSteps);
  const maxActionsPerStep = number(values.maxActionsPerStep);
  const runTimeoutMs = number(values.runTimeoutSeconds, 1000);
  const stepTimeoutMs = number(values.stepTimeoutSeconds, 1000);
  if (maxSteps !== undefined) body.maxSteps = maxSteps;
  if (maxActionsPerStep !== undefined) body.maxActionsPerStep = maxActionsPerStep;
  if (runTimeoutMs !== undefined) body.runTimeoutMs = runTimeoutMs;
  if (stepTimeoutMs !== undefined) body.stepTimeoutMs = stepTimeoutMs;
  return body;
}

function TestConfigDialog({ config, onClose }: { config: TestConfig | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const [values, setValues] = useState(() => valuesOf(config));
  const set = <K extends keyof Values>(key: K, value: Values[K]) =>
    setValues((current) => ({ ...current, [key]: value }));
  const save = useMutation({
    mutationFn: () =>
      config
        ? unwrap(
            api.PATCH('/api/orgs/{orgId}/test-configs/{testConfigId}', {
              params: {
                path: { orgId, testConfigId: config.id },
                header: { 'if-match': etagOf(config.updatedAt) },
              },
              body: bodyOf(values),
            }),
          )
        : unwrap(
            api.POST('/api/orgs/{orgId}/projects/{projectId}/test-configs', {
              params: { path: { orgId, projectId: project.id } },
              body: bodyOf(values),
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.testConfigs(orgId, project.id) });
      onClose();
    },
  });
  const issues = fieldIssuesByName(save.error);
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <Dialog open title={config ? `Edit ${config.name}` : 'New test config'} onClose={onClose} wide>
      <form
        className="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <div className="form-row">
          <Field label="Name" error={issues.name}>
            <input
              required
              maxLength={64}
              value={values.name}
              disabled={config?.name === 'default'}
              onChange={(e) => set('name', e.target.value)}
            />
          </Field>
          <Field
            label="Base URL override"
            hint="Another environment, e.g. staging"
            error={issues.baseUrlOverride}
          >
            <input
              type="url"
              value={values.baseUrlOverride}
              onChange={(e) => set('baseUrlOverride', e.target.value)}
            />
          </Field>
        </div>
        <div className="form-row">
          <Field
            label="Model provider"
            hint="Blank: the server's default"
            error={issues.llmProvider}
          >
            <select
              value={values.llmProvider}
              onChange={(e) => set('llmProvider', e.target.value as Values['llmProvider'])}
            >
              <option value="">Server default</option>
              <option value="openai">OpenAI</option>
              <option value="anthropic">Anthropic</option>
              <option value="openai-compatible">OpenAI-compatible</option>
            </select>
          </Field>
          <Field label="Model" error={issues.llmModel}>
            <input value={values.llmModel} onChange={(e) => set('llmModel', e.target.value)} />
          </Field>
          <Field label="Model base URL" error={issues.llmBaseUrl}>
            <input
              type="url"
              value={values.llmBaseUrl}
              onChange={(e) => set('llmBaseUrl', e.target.value)}
            />
          </Field>
        </div>
        <div className="form-row">
          <Field label="Max agent steps" error={issues.maxSteps}>
            <input
              type="number"
              min={1}
              max={500}
              value={values.maxSteps}
              onChange={(e) => set('maxSteps', e.target.value)}
            />
          </Field>
          <Field label="Max actions per step" error={issues.maxActionsPerStep}>
            <input
              type="number"
              min={1}
              max={50}
              value={values.maxActionsPerStep}
              onChange={(e) => set('maxActionsPerStep', e.target.value)}
            />
          </Field>
          <Field label="Repair" error={issues.repairPolicy}>
            <select
              value={values.repairPolicy}
              onChange={(e) => set('repairPolicy', e.target.value === 'never' ? 'never' : 'auto')}
            >
              <option value="auto">Let the agent repair a broken replay</option>
              <option value="never">Never repair: fail instead</option>
            </select>
          </Field>
        </div>
        <div className="form-row">
          <Field label="Run time limit (s)" error={issues.runTimeoutMs}>
            <input
              type="number"
              min={1}
              value={values.runTimeoutSeconds}
              onChange={(e) => set('runTimeoutSeconds', e.target.value)}
            />
          </Field>
          <Field label="Step time limit (s)" error={issues.stepTimeoutMs}>
            <input
              type="number"
              min={0.1}
              step={0.1}
              value={values.stepTimeoutSeconds}
              onChange={(e) => set('stepTimeoutSeconds', e.target.value)}
            />
          </Field>
        </div>
        {stale ? (
          <p className="notice notice-warn" role="alert">
            {STALE_MESSAGE}
          </p>
        ) : (
          <InlineError error={save.error} />
        )}
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save test config'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function TestConfigsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Test configs', project.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const configs = useTestConfigs(orgId, project.id);
  const [editing, setEditing] = useState<TestConfig | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TestConfig | null>(null);
  const remove = useMutation({
    mutationFn: (config: TestConfig) =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/test-configs/{testConfigId}', {
          params: { path: { orgId, testConfigId: config.id } },
        }),
      ),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.testConfigs(orgId, project.id) });
    },
  });
  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Test configs"
        description="How runs run: which environment, which model, with which budgets. Runs use `default` unless told otherwise."
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing('new')}
            >
              New test config
            </button>
          )
        }
      />
      <QueryView query={configs} loadingLabel="Loading test configs…">
        {(items) => (
          <div className="table-wrap">
            <table className="data-table">
              <caption className="visually-hidden">Test configs</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Model</th>
                  <th scope="col">Budgets</th>
                  <th scope="col">Repair</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((config) => (
                  <tr key={config.id}>
                    <td>{config.name}</td>
                    <td className="mono small">{config.baseUrlOverride ?? 'project base URL'}</td>
                    <td className="small">
                      {config.llmProvider
                        ? `${config.llmProvider} ${config.llmModel ?? ''}`
                        : 'server default'}
                    </td>
                    <td className="small">
                      {config.maxSteps} steps · {formatDuration(config.runTimeoutMs)} per run
                    </td>
                    <td className="small">{config.repairPolicy === 'auto' ? 'auto' : 'never'}</td>
                    <td className="cell-actions">
                      {canEdit(role) && (
                        <button
                          type="button"
                          className="button button-small"
                          onClick={() => setEditing(config)}
                          aria-label={`Edit ${config.name}`}
                        >
                          Edit
                        </button>
                      )}
                      {canAdminister(role) && config.name !== 'default' && (
                        <button
                          type="button"
                          className="button button-small button-danger"
                          onClick={() => setDeleting(config)}
                          aria-label={`Delete ${config.name}`}
                        >
                          Delete
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryView>
      {editing && (
        <TestConfigDialog
          config={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
        />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${deleting?.name ?? 'the test config'}?`}
        confirmLabel="Delete test config"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        <p>Runs that used it keep their results.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
