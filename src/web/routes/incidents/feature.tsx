import { IconAlertOctagon, IconChartBar, IconFlame } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { IncidentDashboardPage } from './dashboard-page.js';
import { IncidentPage } from './incident-page.js';
import { IncidentsPage } from './list-page.js';
import { ReportIncidentPage } from './report-page.js';

const read = (el: ReactNode) => <RequirePermission action="incident.read">{el}</RequirePermission>;

/** Incidents (P32-2.1.1, P32-4): reporting (everyone, on a phone too), the list, one incident, the dashboard. */
export const feature: Feature = {
  routes: [
    { path: 'incidents', element: read(<IncidentsPage />) },
    { path: 'incidents/report', element: <RequirePermission action="incident.report"><ReportIncidentPage /></RequirePermission> },
    { path: 'incidents/dashboard', element: <RequirePermission action="incident.manage"><IncidentDashboardPage /></RequirePermission> },
    { path: 'incidents/:id', element: read(<IncidentPage />) },
  ],
  nav: [
    // first in "my account": reporting must be easy to find for everyone (P32-2.1.1)
    { section: 'personal', item: { to: '/incidents/report', label: 'nav.reportIncident', icon: IconAlertOctagon, action: 'incident.report', order: 1 } },
    { section: 'administration', item: { to: '/incidents', label: 'nav.incidents', icon: IconFlame, action: 'incident.manage', order: 30 } },
    { section: 'administration', item: { to: '/incidents/dashboard', label: 'nav.incidentDashboard', icon: IconChartBar, action: 'incident.manage', order: 31 } },
  ],
};
