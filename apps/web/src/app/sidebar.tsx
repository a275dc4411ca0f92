// The sidebar: the organization's projects, the sections of the open project, and the organization's pages.
import { NavLink, useParams } from 'react-router';
import { useProjects } from '../api/shared-queries.ts';
import { canAdminister } from '../lib/run-labels.ts';
import { useOrg } from './org-context.tsx';
import { paths } from './paths.ts';

function navClass({ isActive }: { isActive: boolean }): string {
  return isActive ? 'nav-link active' : 'nav-link';
}

export function Sidebar() {
  const { orgId, role } = useOrg();
  const { projectId } = useParams();
  const projects = useProjects(orgId);

  return (
    <nav className="sidebar" aria-label="Main">
      <div className="nav-section">
        <NavLink to={paths.org(orgId)} end className={navClass}>
          Projects
        </NavLink>
        {projects.isPending && <p className="nav-note">Loading projects…</p>}
        {projects.error && <p className="nav-note">Projects could not be loaded.</p>}
        <ul className="nav-projects">
          {projects.data?.map((project) => (
            <li key={project.id}>
              <NavLink
                to={paths.testCases(orgId, project.id)}
                className={() =>
                  project.id === projectId ? 'nav-link nav-project active' : 'nav-link nav-project'
                }
                aria-current={project.id === projectId ? 'true' : undefined}
              >
                {project.name}
              </NavLink>
              {project.id === projectId && (
                <ul className="nav-sub" aria-label={`${project.name} sections`}>
                  <li>
                    <NavLink to={paths.testCases(orgId, project.id)} className={navClass}>
                      Test cases
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.runs(orgId, project.id)} className={navClass}>
                      Runs
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.costs(orgId, project.id)} className={navClass}>
                      Costs
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.documents(orgId, project.id)} className={navClass}>
                      Documents
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.secrets(orgId, project.id)} className={navClass}>
                      Secrets
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.tags(orgId, project.id)} className={navClass}>
                      Tags
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.testConfigs(orgId, project.id)} className={navClass}>
                      Test configs
                    </NavLink>
                  </li>
                  <li>
                    <NavLink to={paths.projectSettings(orgId, project.id)} className={navClass}>
                      Project settings
                    </NavLink>
                  </li>
                </ul>
              )}
            </li>
          ))}
        </ul>
      </div>
      <div className="nav-section">
        <p className="nav-heading">Organization</p>
        <NavLink to={paths.browserConfigs(orgId)} className={navClass}>
          Browser configs
        </NavLink>
        <NavLink to={paths.members(orgId)} className={navClass}>
          Members
        </NavLink>
        {canAdminister(role) && (
          <>
            <NavLink to={paths.apiKeys(orgId)} className={navClass}>
              API keys
            </NavLink>
            <NavLink to={paths.orgSettings(orgId)} className={navClass}>
              Settings
            </NavLink>
          </>
        )}
      </div>
    </nav>
  );
}
