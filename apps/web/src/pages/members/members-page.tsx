// Members and their roles; admins change roles, remove members, and invite people by link.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { fetchAllPages, unwrap } from '../../api/api-client.ts';
import { fieldIssuesByName } from '../../api/api-problem.ts';
import type { CreatedInvitation, Member, Role } from '../../api/api-types.ts';
import { queryKeys } from '../../api/query-keys.ts';
import { useApi } from '../../auth/auth-provider.tsx';
import { useOrg } from '../../app/org-context.tsx';
import { useDocumentTitle } from '../../app/use-document-title.ts';
import { canAdminister, ROLE_LABEL } from '../../lib/run-labels.ts';
import { CopyButton } from '../../ui/copy-button.tsx';
import { ConfirmDialog } from '../../ui/dialog.tsx';
import { Field } from '../../ui/form-field.tsx';
import { PageHeader } from '../../ui/page-header.tsx';
import { EmptyState, InlineError, QueryView } from '../../ui/page-state.tsx';
import { RelativeTime } from '../../ui/relative-time.tsx';

const ROLES: Role[] = ['admin', 'member', 'guest'];

function Invitations() {
  const { orgId } = useOrg();
  const api = useApi();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('member');
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const invitations = useQuery({
    queryKey: queryKeys.invitations(orgId),
    queryFn: ({ signal }) =>
      unwrap(
        api.GET('/api/orgs/{orgId}/invitations', {
          params: { path: { orgId }, query: { limit: 100 } },
          signal,
        }),
      ),
  });
  const invite = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/orgs/{orgId}/invitations', {
          params: { path: { orgId } },
          body: { email: email.trim(), role },
        }),
      ),
    onSuccess: async (result) => {
      setCreated(result);
      setEmail('');
      await queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) });
    },
  });
  const revoke = useMutation({
    mutationFn: (invitationId: string) =>
      unwrap(
        api.POST('/api/orgs/{orgId}/invitations/{invitationId}/revoke', {
          params: { path: { orgId, invitationId } },
        }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.invitations(orgId) }),
  });
  const issues = fieldIssuesByName(invite.error);
  return (
    <section className="section" aria-labelledby="invitations-title">
      <h2 id="invitations-title">Invitations</h2>
      <form
        className="form panel"
        aria-label="Invite someone"
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          invite.mutate();
        }}
      >
        <div className="form-row">
          <Field label="Email" error={issues.email}>
            <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
          </Field>
          <Field label="Role" error={issues.role}>
            <select value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((option) => (
                <option key={option} value={option}>
                  {ROLE_LABEL[option]}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <InlineError error={Object.keys(issues).length > 0 ? null : invite.error} />
        <div className="button-row">
          <button type="submit" className="button button-primary" disabled={invite.isPending}>
            {invite.isPending ? 'Inviting…' : 'Create invitation link'}
          </button>
        </div>
        {created && (
          <div className="notice" role="status">
            <p>
              Send this link to <strong>{created.invitation.email}</strong> (it is shown only now;
              Retrace sends no email). They sign in with that address and accept.
            </p>
            <p className="secret-once">
              <code className="break">{created.acceptUrl}</code>{' '}
              <CopyButton text={created.acceptUrl} />
            </p>
          </div>
        )}
      </form>
      <QueryView query={invitations} loadingLabel="Loading invitations…">
        {(page) =>
          page.items.length === 0 ? (
            <p className="muted">No invitations.</p>
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">Invitations</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Status</th>
                    <th scope="col">Expires</th>
                    <th scope="col">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((invitation) => (
                    <tr key={invitation.id}>
                      <td>{invitation.email}</td>
                      <td>{ROLE_LABEL[invitation.role]}</td>
                      <td>{invitation.status}</td>
                      <td className="small">
                        <RelativeTime iso={invitation.expiresAt} />
                      </td>
                      <td className="cell-actions">
                        {invitation.status === 'pending' && (
                          <button
                            type="button"
                            className="button button-small"
                            disabled={revoke.isPending}
                            onClick={() => revoke.mutate(invitation.id)}
                          >
                            Revoke
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
      <InlineError error={revoke.error} />
    </section>
  );
}

export function MembersPage() {
  const { orgId, role, organization } = useOrg();
  useDocumentTitle('Members', organization.name);
  const api = useApi();
  const queryClient = useQueryClient();
  const admin = canAdminister(role);
  const [removing, setRemoving] = useState<Member | null>(null);
  const members = useQuery({
    queryKey: queryKeys.members(orgId),
    queryFn: ({ signal }) =>
      fetchAllPages((cursor) =>
        unwrap(
          api.GET('/api/orgs/{orgId}/members', {
            params: { path: { orgId }, query: { limit: 200, ...(cursor ? { cursor } : {}) } },
            signal,
          }),
        ),
      ),
  });
  const changeRole = useMutation({
    mutationFn: ({ member, next }: { member: Member; next: Role }) =>
      unwrap(
        api.PATCH('/api/orgs/{orgId}/members/{memberId}', {
          params: { path: { orgId, memberId: member.id } },
          body: { role: next },
        }),
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.members(orgId) }),
  });
  const remove = useMutation({
    mutationFn: (member: Member) =>
      unwrap(
        api.DELETE('/api/orgs/{orgId}/members/{memberId}', {
          params: { path: { orgId, memberId: member.id } },
        }),
      ),
    onSuccess: async () => {
      setRemoving(null);
      await queryClient.invalidateQueries({ queryKey: queryKeys.members(orgId) });
    },
  });
  return (
    <div className="page">
      <PageHeader
        title="Members"
        description="Admins manage access; members create, edit and run; guests only read."
      />
      <QueryView query={members} loadingLabel="Loading members…">
        {(items) =>
          items.length === 0 ? (
            <EmptyState title="No members" />
          ) : (
            <div className="table-wrap">
              <table className="data-table">
                <caption className="visually-hidden">Members</caption>
                <thead>
                  <tr>
                    <th scope="col">Email</th>
                    <th scope="col">Role</th>
                    <th scope="col">Joined</th>
                    {admin && (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {items.map((member) => (
                    <tr key={member.id}>
                      <td>{member.email}</td>
                      <td>
                        {admin ? (
                          <select
                            aria-label={`Role of ${member.email}`}
                            value={member.role}
                            disabled={changeRole.isPending}
                            onChange={(e) =>
                              changeRole.mutate({ member, next: e.target.value as Role })
                            }
                          >
                            {ROLES.map((option) => (
                              <option key={option} value={option}>
                                {ROLE_LABEL[option]}
                              </option>
                            ))}
                          </select>
                        ) : (
                          ROLE_LABEL[member.role]
                        )}
                      </td>
                      <td className="small">
                        <RelativeTime iso={member.createdAt} />
                      </td>
                      {admin && (
                        <td className="cell-actions">
                          <button
                            type="button"
                            className="button button-small button-danger"
                            onClick={() => setRemoving(member)}
                            aria-label={`Remove ${member.email}`}
                          >
                            Remove
                          </button>
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryView>
      <InlineError error={changeRole.error} />
      {admin && <Invitations />}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.email ?? 'the member'}?`}
        confirmLabel="Remove member"
        busy={remove.isPending}
        onConfirm={() => removing && remove.mutate(removing)}
        onClose={() => setRemoving(null)}
      >
        <p>They lose access to this organization at once.</p>
        <InlineError error={remove.error} />
      </ConfirmDialog>
    </div>
  );
}
