// Choosing a test case's tags, and creating a new tag on the spot.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../../api/api-client.ts';
import type { Tag } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { TAG_PALETTE } from '../../lib/color.ts';
import { InlineError } from '../../ui/page-state.tsx';
import { TagChip } from '../../ui/tag-chip.tsx';

export function TagPicker({
  projectId,
  tags,
  selected,
  onChange,
}: {
  projectId: string;
  tags: Tag[];
  selected: string[];
  onChange: (tagIds: string[]) => void;
}) {
  const { orgId } = useOrg();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [color, setColor] = useState<string>(
    TAG_PALETTE[tags.length % TAG_PALETTE.length] ?? '#3b6ea8',
  );
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/projects/{projectId}/tags', {
          params: { path: { orgId, projectId } },
          body: { name: name.trim(), color },
        }),
      ),
    onSuccess: async (tag) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.tags(orgId, projectId) });
      onChange([...selected, tag.id]);
      setName('');
      setColor(TAG_PALETTE[(tags.length + 1) % TAG_PALETTE.length] ?? color);
    },
  });

  return (
    <fieldset className="fieldset">
      <legend>Tags</legend>
      {tags.length === 0 && <p className="muted small">No tags in this project yet.</p>}
      <div className="checkbox-chips">
        {tags.map((tag) => (
          <label key={tag.id} className="checkbox-chip">
            <input
              type="checkbox"
              checked={selected.includes(tag.id)}
              onChange={(event) =>
                onChange(
                  event.target.checked
                    ? [...selected, tag.id]
                    : selected.filter((id) => id !== tag.id),
                )
              }
            />
            <TagChip tag={tag} />
          </label>
        ))}
      </div>
      <div className="inline-form" role="group" aria-label="New tag">
        <label className="inline-field">
          <span className="small muted">New tag</span>
          <input
            value={name}
            maxLength={64}
            placeholder="e.g. smoke"
            onChange={(event) => setName(event.target.value)}
            onKeyDown={(event) => {
              // Enter adds the tag rather than submitting the whole test case.
              if (event.key === 'Enter') {
                event.preventDefault();
                if (name.trim()) create.mutate();
              }
            }}
          />
        </label>
        <label className="inline-field">
          <span className="small muted">Colour</span>
          <input type="color" value={color} onChange={(event) => setColor(event.target.value)} />
        </label>
        <button
          type="button"
          className="button button-small"
          disabled={!name.trim() || create.isPending}
          onClick={() => create.mutate()}
        >
          {create.isPending ? 'Adding…' : 'Add tag'}
        </button>
      </div>
      <InlineError error={create.error} />
    </fieldset>
  );
}
