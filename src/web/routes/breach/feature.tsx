import { IconAlarm } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { DeadlinesPage } from './deadlines-page.js';
import { BreachSettingsPage } from './settings-page.js';

/** Breach reporting (APPI Art. 26): the deadline board and the clock settings. The assessment panel sits on the incident's page. */
export const feature: Feature = {
  routes: [
    { path: 'incidents/deadlines', element: <RequirePermission action="incident.read"><DeadlinesPage /></RequirePermission> },
    { path: 'incidents/breach-settings', element: <RequirePermission action="breach.configure"><BreachSettingsPage /></RequirePermission> },
  ],
  nav: [{ section: 'administration', item: { to: '/incidents/deadlines', label: 'nav.breachDeadlines', icon: IconAlarm, action: 'incident.manage', order: 31 } }],
};
