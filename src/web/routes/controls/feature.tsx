import { IconShieldCheck } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { CataloguePage } from './catalogue-page.js';
import { ControlPage } from './control-page.js';
import { SoaPage } from './soa-page.js';

/** The control catalogue (P32-5), a control's page with its evidence, and the statement of applicability. */
export const feature: Feature = {
  routes: [
    {
      path: 'controls',
      element: (
        <RequirePermission action="control.read">
          <CataloguePage />
        </RequirePermission>
      ),
    },
    {
      path: 'controls/soa',
      element: (
        <RequirePermission action="control.read">
          <SoaPage />
        </RequirePermission>
      ),
    },
    {
      path: 'controls/:id',
      element: (
        <RequirePermission action="control.read">
          <ControlPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/controls', label: 'nav.controls', icon: IconShieldCheck, action: 'control.read', order: 30 } }],
};
