// The frame of a project's pages: loads the project once and hands it to the page shown.
import { createContext, useContext } from 'react';
import { Outlet, useParams } from 'react-router';
import type { Project } from '../../api/api-types.ts';
import { useProject } from '../../api/shared-queries.ts';
import { useOrg } from '../../app/org-context.tsx';
import { QueryView } from '../../ui/page-state.tsx';

const ProjectContext = createContext<Project | null>(null);

export function useCurrentProject(): Project {
  const project = useContext(ProjectContext);
  if (!project) throw new Error('useCurrentProject outside a project page');
  return project;
}

export function ProjectLayout() {
  const { orgId } = useOrg();
  const { projectId = '' } = useParams();
  const project = useProject(orgId, projectId);
  return (
    <QueryView query={project} loadingLabel="Loading the project…">
      {(data) => (
        <ProjectContext.Provider value={data}>
          <Outlet />
        </ProjectContext.Provider>
      )}
    </QueryView>
  );
}
