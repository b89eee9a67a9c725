import { IconGavel } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { ViolationPage } from './violation-page.js';
import { ViolationsPage } from './violations-page.js';

const gate = (el: ReactNode) => <RequirePermission action="violation.investigate">{el}</RequirePermission>;

/**
 * Violation cases and sanctions (P32-7). The list and the case pages are open to whoever is signed
 * in (the server shows an investigator only the cases naming them, and answers 404 otherwise); the
 * menu entry is the manager's, investigators arrive by the link in the email naming them.
 */
export const feature: Feature = {
  routes: [
    { path: 'violations', element: gate(<ViolationsPage />) },
    { path: 'violations/:id', element: gate(<ViolationPage />) },
  ],
  nav: [{ section: 'administration', item: { to: '/violations', label: 'nav.violations', icon: IconGavel, action: 'violation.manage', order: 34 } }],
};
