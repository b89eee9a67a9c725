import { IconShieldLock } from '@tabler/icons-react';
import type { Feature } from '../../features.js';
import { LostCredentialsCard } from '../accounts/lost-credentials-card.js';
import { MyPledgeCard } from '../accounts/pledge-form.js';
import { MyGroupIdsCard } from '../groups/my-group-ids-card.js';
import { SecurityPage } from './security-page.js';

/** The person's own security settings, with the pledge they signed, their group IDs and the lost-credentials report. */
export const feature: Feature = {
  routes: [
    {
      path: 'security',
      element: (
        <SecurityPage
          extraCards={
            <>
              <MyGroupIdsCard />
              <MyPledgeCard />
              <LostCredentialsCard />
            </>
          }
        />
      ),
    },
  ],
  nav: [{ section: 'personal', item: { to: '/security', label: 'nav.security', icon: IconShieldLock, order: 20 } }],
};
