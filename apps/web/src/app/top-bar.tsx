// The top bar: the menu button on phones, the organization switcher, who is signed in, and sign-out.
import { Link, useNavigate } from 'react-router';
import { useAuth } from '../auth/auth-provider.tsx';
import { ROLE_LABEL } from '../lib/run-labels.ts';
import { useOrg } from './org-context.tsx';
import { paths } from './paths.ts';

export function TopBar({
  menuOpen,
  onToggleMenu,
}: {
  menuOpen: boolean;
  onToggleMenu: () => void;
}) {
  const { orgId, role, me } = useOrg();
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const who =
    me.principal.kind === 'user'
      ? me.principal.email
      : `API key · ${ROLE_LABEL[me.principal.role]}`;

  return (
    <header className="top-bar">
      <button
        type="button"
        className="icon-button menu-button"
        aria-label={menuOpen ? 'Close menu' : 'Open menu'}
        aria-expanded={menuOpen}
        aria-controls="sidebar"
        onClick={onToggleMenu}
      >
        <span aria-hidden="true">☰</span>
      </button>
      <Link className="brand" to={paths.org(orgId)}>
        <img src="/favicon.svg" alt="" width={22} height={22} />
        <span>Retrace</span>
      </Link>
      <label className="org-switcher">
        <span className="visually-hidden">Organization</span>
        <select
          value={orgId}
          onChange={(event) => void navigate(paths.org(event.target.value))}
          aria-label="Organization"
        >
          {me.organizations.map((organization) => (
            <option key={organization.id} value={organization.id}>
              {organization.name}
            </option>
          ))}
        </select>
      </label>
      <span className={`role-badge role-${role}`} title="Your role in this organization">
        {ROLE_LABEL[role]}
      </span>
      <div className="top-bar-spacer" />
      <span className="who" title={who}>
        {who}
      </span>
      <button
        type="button"
        className="button button-small"
        onClick={() => {
          void signOut().then(() => navigate(paths.signIn()));
        }}
      >
        Sign out
      </button>
    </header>
  );
}
