import { IconMail } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { OutboxPage } from './outbox-page.js';

export const feature: Feature = {
  routes: [
    {
      path: 'mail',
      element: (
        <RequirePermission action="mail.read">
          <OutboxPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [{ section: 'administration', item: { to: '/mail', label: 'nav.mail', icon: IconMail, action: 'mail.read', order: 90 } }],
};
