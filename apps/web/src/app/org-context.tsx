// The organization a page belongs to, and the signed-in principal's role in it (what the page may offer).
import { createContext, useContext } from 'react';
import type { Me, Organization, Role } from '../api/api-types.ts';

export interface OrgContextValue {
  orgId: string;
  organization: Organization;
  role: Role;
  me: Me;
}

export const OrgContext = createContext<OrgContextValue | null>(null);

export function useOrg(): OrgContextValue {
  const value = useContext(OrgContext);
  if (!value) throw new Error('useOrg outside an organization page');
  return value;
}

export const LAST_ORG_STORAGE = 'retrace.lastOrg';

export function rememberOrg(orgId: string): void {
  try {
    window.localStorage.setItem(LAST_ORG_STORAGE, orgId);
  } catch {
    // not essential
  }
}

export function lastOrg(): string | null {
  try {
    return window.localStorage.getItem(LAST_ORG_STORAGE);
  } catch {
    return null;
  }
}
