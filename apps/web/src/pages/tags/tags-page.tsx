// A project's tags: their colours, renaming and recolouring (If-Match guarded), creating and deleting.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { etagOf, unwrap } from '../../api/api-client.ts';
import { ApiProblemError, STALE_MESSAGE } from '../../api/api-problem.ts';
import type { Tag } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useTags } from '../../api/shared-queries.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { paths } from '../../app/paths.ts';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { TAG_PALETTE } from '../../lib/color.ts';
import { canAdminister, canEdit } from '../../lib/run-labels.ts';
import { ConfirmDialog, Dialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { TagChip } from '../../ui/tag-chip.tsx';
import { useCurrentProject } from '../projects/project-layout.tsx';

function TagDialog({ tag, onClose }: { tag: Tag | null; onClose: () => void }) {
  const { orgId } = useOrg();
  const project = useCurrentProject();
  const api = useApi();
  const queryClient = useQueryClient();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState(tag?.color ?? TAG_PALETTE[0]);
  const save = useMutation({
    mutationFn: () =>
      tag
        ? unwrap(
            api.PATCH('/api/orgs/{orgId}/tags/{tagId}', {
              params: {
                path: { orgId, tagId: tag.id },
                header: { 'if-match': etagOf(tag.updatedAt) },
              },
              body: { name: name.trim(), color },
            }),
          )
        : unwrap(
            api.POST('/api/orgs/{orgId}/projects/{projectId}/tags', {
              params: { path: { orgId, projectId: project.id } },
              body: { name: name.trim(), color },
            }),
          ),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.tags(orgId, project.id) });
      onClose();
    },
  });
  const stale = save.error instanceof ApiProblemError && save.error.isStale;
  return (
    <Dialog open title={tag ? `Edit ${tag.name}` : 'New tag'} onClose={onClose}>
      <form
        className="form"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <Field label="Name">
          <input required maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label="Colour">
          <input type="color" value={color} onChange={(e) => setColor(e.target.value)} />
        </Field>
        <p>
          Preview: <TagChip tag={{ name: name || 'tag', color }} />
        </p>
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
            {save.isPending ? 'Saving…' : 'Save tag'}
          </button>
        </footer>
      </form>
    </Dialog>
  );
}

export function TagsPage() {
  const { orgId, role } = useOrg();
  const project = useCurrentProject();
  useDocumentTitle('Tags', project.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const tags = useTags(orgId, project.id);
  const [editing, setEditing] = useState<Tag | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Tag | null>(null);
  const remove = useMutation({
    mutationFn: (tag: Tag) =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/tags/{tagId}', {
          params: { path: { orgId, tagId: tag.id } },
        }),
      ),
    onSuccess: async () => {
      setDeleting(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.tags(orgId, project.id) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.allTestCases(orgId, project.id) });
    },
  });
  return (
    <div className="page">
      <PageHeader
        crumbs={[
          { label: 'Projects', to: paths.org(orgId) },
          { label: project.name, to: paths.testCases(orgId, project.id) },
        ]}
        title="Tags"
        description="Group test cases to filter them and to run them together (e.g. smoke)."
        actions={
          canEdit(role) && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing('new')}
            >
              New tag
            </button>
          )
        }
      />
      <QueryView query={tags} loadingLabel="Loading tags…">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No tags yet" />
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">Tags</caption>
                <thead>
                  <tr>
                    <th scope="col">Tag</th>
                    <th scope="col">Colour</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((tag) => (
                    <tr key={tag.id}>
                      <td>
                        <Link
                          to={paths.testCases(orgId, project.id, `tag=${tag.id}`)}
                          className="plain-link"
                        >
                          <TagChip tag={tag} />
                        </Link>
                      </td>
                      <td className="mono small">{tag.color}</td>
                      <td className="cell-actions">
                        {canEdit(role) && (
                          <button
                            type="button"
                            className="button button-small"
                            onClick={() => setEditing(tag)}
                            aria-label={`Edit ${tag.name}`}
                          >
                            Edit
                          </button>
                        )}
                        {canAdminister(role) && (
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => setDeleting(tag)}
                            aria-label={`Delete ${tag.name}`}
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
          )
        }
      </QueryView>
      {editing && (
        <TagDialog tag={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      )}
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete the tag ${deleting?.name ?? ''}?`}
        confirmLabel="Delete tag"
        busy={remove.isPending}
        onConfirm={() => deleting && remove.mutate(deleting)}
        onClose={() => setDeleting(null)}
      >
        <p>Its test cases stay; they just lose this tag.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
