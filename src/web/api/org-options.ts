import { useQuery } from '@tanstack/react-query';
import { orgApi } from '../../shared/api/org.js';
import type { UnitKind } from '../../shared/org.js';
import { call } from './client.js';

/** A short reference to an organization entry, for pickers. */
export interface Ref {
  id: string;
  code: string;
  nameJa: string;
  nameEn: string;
}

export interface UnitRef extends Ref {
  kind?: UnitKind;
}

export interface OrgOptions {
  units: UnitRef[];
  institutions: Ref[];
  researchGroups: Ref[];
  committees: Ref[];
}

export const ORG_OPTIONS_KEY = ['org-options'] as const;

/** The active units, institutions, research groups and committees (for selects). */
export function useOrgOptions(enabled = true) {
  return useQuery({
    queryKey: ORG_OPTIONS_KEY,
    queryFn: ({ signal }) => call(orgApi.options, {}, signal),
    staleTime: 60_000,
    enabled,
  });
}
