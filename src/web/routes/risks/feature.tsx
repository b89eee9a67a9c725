import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { CataloguePage } from './catalogue-pages.js';
import { HeatmapPage } from './heatmap-page.js';
import { MatrixPage } from './matrix-page.js';
import { RisksPage } from './risk-list-page.js';
import { RiskPage } from './risk-page.js';

const read = (el: ReactNode) => <RequirePermission action="risk.read">{el}</RequirePermission>;

/** Risk management (P32-4): the register, the heat map, the threat and vulnerability catalogue, the matrix. */
export const feature: Feature = {
  routes: [
    { path: 'risks', element: read(<RisksPage />) },
    { path: 'risks/heatmap', element: read(<HeatmapPage />) },
    { path: 'risks/threats', element: read(<CataloguePage tab="threats" />) },
    { path: 'risks/vulnerabilities', element: read(<CataloguePage tab="vulnerabilities" />) },
    { path: 'risks/matrix', element: read(<MatrixPage />) },
    { path: 'risks/:id', element: read(<RiskPage />) },
  ],
  nav: [{ section: 'administration', item: { to: '/risks', label: 'nav.risks', icon: IconAlertTriangle, action: 'risk.read', order: 29 } }],
};
