// "Run": choose what to run (everything, by tags, or given test cases), the mode and the test config, then queue it.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { unwrap } from '../../api/api-client.ts';
import type { TriggerRunsBody } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useTags, useTestConfigs } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { InlineError } from '../../ui/page-state.tsx';
import { TagChip } from '../../ui/tag-chip.tsx';

export type RunSelection =
  | { kind: 'all' }
  | { kind: 'tags'; tagIds: string[] }
  | { kind: 'test-cases'; testCaseIds: string[]; label: string };

const MODE_HINT: Record<TriggerRunsBody['mode'] & string, string> = {
  auto: 'Replay the recorded path where there is one; record with the agent where there is none.',
  replay: 'Replay only, without any model: fails at once if a test has no recorded path.',
  agentic: 'Let the agent perform every test again and record a new version (needs a model).',
};

export function TriggerRunsDialog({
  open,
  projectId,
  initial,
  onClose,
}: {
  open: boolean;
  projectId: string;
  initial: RunSelection;
  onClose: () => void;
}) {
  const { orgId } = useOrg();
  const api = useApi();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const tags = useTags(orgId, projectId);
  const testConfigs = useTestConfigs(orgId, projectId);
  const [scope, setScope] = useState<RunSelection['kind']>(initial.kind);
  const [tagIds, setTagIds] = useState<string[]>(initial.kind === 'tags' ? initial.tagIds : []);
  const [mode, setMode] = useState<'auto' | 'replay' | 'agentic'>('auto');
  const [testConfigId, setTestConfigId] = useState('');

  const trigger = useMutation({
    mutationFn: () => {
      const selection =
        scope === 'test-cases' && initial.kind === 'test-cases'
          ? { testCaseIds: initial.testCaseIds }
          : scope === 'tags'
            ? { tagIds }
            : { all: true as const };
      return unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/runs', {
          params: { path: { orgId, projectId } },
          body: { ...selection, mode, ...(testConfigId ? { testConfigId } : {}) },
        }),
      );
    },
    onSuccess: async (triggered) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.allRuns(orgId, projectId) });
      onClose();
      const [only, ...others] = triggered.runs;
      if (only && others.length === 0) await navigate(paths.run(orgId, projectId, only.id));
      else
        await navigate(
          paths.runs(orgId, projectId, `batch=${encodeURIComponent(triggered.batchId)}`),
        );
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    trigger.mutate();
  };
  const canSubmit = scope !== 'tags' || tagIds.length > 0;

  return (
    <Dialog open={open} title="Run tests" onClose={onClose}>
      <form className="form" onSubmit={submit}>
        <fieldset className="fieldset">
          <legend>What to run</legend>
          {initial.kind === 'test-cases' && (
            <label className="radio">
              <input
                type="radio"
                name="scope"
                checked={scope === 'test-cases'}
                onChange={() => setScope('test-cases')}
              />
              {initial.label}
            </label>
          )}
          <label className="radio">
            <input
              type="radio"
              name="scope"
              checked={scope === 'all'}
              onChange={() => setScope('all')}
            />
            Every test case of the project
          </label>
          <label className="radio">
            <input
              type="radio"
              name="scope"
              checked={scope === 'tags'}
              onChange={() => setScope('tags')}
              disabled={(tags.data ?? []).length === 0}
            />
            Test cases with any of these tags
          </label>
          {scope === 'tags' && (
            <div className="checkbox-chips" role="group" aria-label="Tags to run">
              {(tags.data ?? []).map((tag) => (
                <label key={tag.id} className="checkbox-chip">
                  <input
                    type="checkbox"
                    checked={tagIds.includes(tag.id)}
                    onChange={(event) =>
                      setTagIds((current) =>
                        event.target.checked
                          ? [...current, tag.id]
                          : current.filter((id) => id !== tag.id),
                      )
                    }
                  />
                  <TagChip tag={tag} />
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <Field label="Mode" hint={MODE_HINT[mode]}>
          <select value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
            <option value="auto">Auto</option>
            <option value="replay">Replay only</option>
            <option value="agentic">Agentic (record again)</option>
          </select>
        </Field>
        <Field label="Test config">
          <select value={testConfigId} onChange={(e) => setTestConfigId(e.target.value)}>
            <option value="">default</option>
            {(testConfigs.data ?? [])
              .filter((config) => config.name !== 'default')
              .map((config) => (
                <option key={config.id} value={config.id}>
                  {config.name}
                </option>
              ))}
          </select>
        </Field>
        <InlineError error={trigger.error} />
        <footer className="dialog-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="submit"
            className="button button-primary"
            disabled={trigger.isPending || !canSubmit}
          >
            {trigger.isPending ? 'Queuing…' : 'Start runs'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}
