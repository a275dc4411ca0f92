// The dashboard's routes: every page has its own URL, so any view can be shared as a link.
import { createBrowserRouter, Navigate, useParams } from 'react-router';
import { AcceptInvitationPage } from '../auth/accept-invitation-page.tsx';
import { RequireAuth } from '../auth/require-auth.tsx';
import { SignInPage } from '../auth/sign-in-page.tsx';
import { ApiKeysPage } from '../pages/api-keys/api-keys-page.tsx';
import { BrowserConfigsPage } from '../pages/configs/browser-configs-page.tsx';
import { TestConfigsPage } from '../pages/configs/test-configs-page.tsx';
import { CostsPage } from '../pages/costs/costs-page.tsx';
import { DocumentPage } from '../pages/documents/document-page.tsx';
import { DocumentsPage } from '../pages/documents/documents-page.tsx';
import { MembersPage } from '../pages/members/members-page.tsx';
import { ProjectLayout } from '../pages/projects/project-layout.tsx';
import { ProjectsPage } from '../pages/projects/projects-page.tsx';
import { RunPage } from '../pages/runs/run-page.tsx';
import { RunsPage } from '../pages/runs/runs-page.tsx';
import { SecretsPage } from '../pages/secrets/secrets-page.tsx';
import { OrgSettingsPage } from '../pages/settings/org-settings-page.tsx';
import { ProjectSettingsPage } from '../pages/settings/project-settings-page.tsx';
import { TagsPage } from '../pages/tags/tags-page.tsx';
import { TestCaseFormPage } from '../pages/test-cases/test-case-form-page.tsx';
import { TestCasePage } from '../pages/test-cases/test-case-page.tsx';
import { TestCasesPage } from '../pages/test-cases/test-cases-page.tsx';
import { TraversalPage } from '../pages/traversals/traversal-page.tsx';
import { HomePage } from './home-page.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { OrgLayout } from './org-layout.tsx';
import { paths } from './paths.ts';

function ProjectIndex() {
  const { orgId = '', projectId = '' } = useParams();
  return <Navigate to={paths.testCases(orgId, projectId)} replace />;
}

export function createAppRouter() {
  return createBrowserRouter([
    { path: '/sign-in', element: <SignInPage /> },
    {
      path: '/invitations/accept',
      element: (
        <RequireAuth>
          <AcceptInvitationPage />
        </RequireAuth>
      ),
    },
    {
      path: '/',
      element: (
        <RequireAuth>
          <HomePage />
        </RequireAuth>
      ),
    },
    {
      path: '/orgs/:orgId',
      element: (
        <RequireAuth>
          <OrgLayout />
        </RequireAuth>
      ),
      children: [
        { index: true, element: <ProjectsPage /> },
        { path: 'browser-configs', element: <BrowserConfigsPage /> },
        { path: 'members', element: <MembersPage /> },
        { path: 'api-keys', element: <ApiKeysPage /> },
        { path: 'settings', element: <OrgSettingsPage /> },
        {
          path: 'projects/:projectId',
          element: <ProjectLayout />,
          children: [
            { index: true, element: <ProjectIndex /> },
            { path: 'test-cases', element: <TestCasesPage /> },
            { path: 'test-cases/new', element: <TestCaseFormPage mode="create" /> },
            { path: 'test-cases/:testCaseId', element: <TestCasePage /> },
            { path: 'test-cases/:testCaseId/edit', element: <TestCaseFormPage mode="edit" /> },
            { path: 'traversals/:traversalId', element: <TraversalPage /> },
            { path: 'runs', element: <RunsPage /> },
            { path: 'runs/:runId', element: <RunPage /> },
            { path: 'costs', element: <CostsPage /> },
            { path: 'documents', element: <DocumentsPage /> },
            { path: 'documents/:documentId', element: <DocumentPage /> },
            { path: 'secrets', element: <SecretsPage /> },
            { path: 'tags', element: <TagsPage /> },
            { path: 'test-configs', element: <TestConfigsPage /> },
            { path: 'settings', element: <ProjectSettingsPage /> },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
        { path: '*', element: <NotFoundPage /> },
      ],
    },
    { path: '*', element: <NotFoundPage /> },
  ]);
}
