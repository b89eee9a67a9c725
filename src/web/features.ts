import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';
import type { Action } from '../shared/permissions.js';

/** A link in the navbar. */
export interface NavItem {
  to: string;
  /** i18n key */
  label: string;
  icon: ComponentType<{ size?: number; stroke?: number; 'aria-hidden'?: boolean }>;
  /** Shown only to people who may do this (see src/shared/permissions.ts). */
  action?: Action;
  /** Shown only when this returns true for the signed-in person (e.g. has a research group). */
  when?: (session: { roles: readonly string[] }) => boolean;
  /** Order within its section (lower first). */
  order?: number;
}

/**
 * A feature's screens, declared in `src/web/routes/<feature>/feature.tsx` (export `feature`) and
 * gathered here, so features add pages and menu entries without editing the router or the navbar.
 */
export interface Feature {
  /** Pages inside the signed-in shell (paths relative to `/`). */
  routes?: RouteObject[];
  /** Pages outside the shell that work without a session (invitation, lost credentials…). */
  standalone?: RouteObject[];
  /** Navbar entries: `personal` (my account), `organization`, `administration`. */
  nav?: { section: 'personal' | 'organization' | 'administration'; item: NavItem }[];
}

const modules = import.meta.glob<Feature>('./routes/*/feature.tsx', { eager: true, import: 'feature' });

export const FEATURES: Feature[] = Object.keys(modules)
  .sort()
  .map((k) => modules[k]!);

export function featureNav(section: 'personal' | 'organization' | 'administration'): NavItem[] {
  return FEATURES.flatMap((f) => (f.nav ?? []).filter((n) => n.section === section).map((n) => n.item)).sort((a, b) => (a.order ?? 50) - (b.order ?? 50));
}
