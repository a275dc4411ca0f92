// The frame of every organization page: top bar, sidebar (a drawer on phones) and the page itself.
import { useEffect, useState } from 'react';
import { Outlet, useLocation, useParams } from 'react-router';
import { useMe } from '../api/shared-queries.ts';
import { ErrorState, Loading } from '../ui/page-state.tsx';
import { OrgContext, rememberOrg } from './org-context.tsx';
import { Sidebar } from './sidebar.tsx';
import { TopBar } from './top-bar.tsx';

export function OrgLayout() {
  const { orgId = '' } = useParams();
  const me = useMe();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  const organization = me.data?.organizations.find((org) => org.id === orgId);

  useEffect(() => {
    if (organization) rememberOrg(organization.id);
  }, [organization]);

  useEffect(() => {
    setMenuOpen(false);
  }, [location.pathname]);

  if (me.isPending) return <Loading label="Signing in…" />;
  if (me.error || !me.data) {
    return (
      <main className="centered-page">
        <ErrorState error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  if (!organization) {
    return (
      <main className="centered-page">
        <div className="state state-error" role="alert">
          <strong>Organization not found</strong>
          <p>It does not exist, or you are not a member of it.</p>
          <a className="button" href="/">
            Go to your organizations
          </a>
        </div>
      </main>
    );
  }

  return (
    <OrgContext.Provider value={{ orgId, organization, role: organization.role, me: me.data }}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className={`app-shell${menuOpen ? ' menu-open' : ''}`}>
        <TopBar menuOpen={menuOpen} onToggleMenu={() => setMenuOpen((open) => !open)} />
        <div id="sidebar" className="sidebar-frame">
          <Sidebar />
        </div>
        {menuOpen && (
          <div className="drawer-scrim" aria-hidden="true" onClick={() => setMenuOpen(false)} />
        )}
        <main id="main" className="main" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </OrgContext.Provider>
  );
}
