import { IconChecklist, IconListCheck } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { CampaignPage, CampaignsPage, TasksPage } from './review-pages.js';

/** Access reviews: campaigns for the data center, review tasks for site coordinators. */
export const feature: Feature = {
  routes: [
    {
      path: 'access-reviews',
      element: (
        <RequirePermission action="access_review.manage">
          <CampaignsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'access-reviews/tasks',
      element: (
        <RequirePermission action="access_review.decide">
          <TasksPage />
        </RequirePermission>
      ),
    },
    {
      path: 'access-reviews/:id',
      element: (
        <RequirePermission action="access_review.manage">
          <CampaignPage />
        </RequirePermission>
      ),
    },
  ],
  nav: [
    // Site coordinators review their institution's researchers; the page lists their open items.
    { section: 'personal', item: { to: '/access-reviews/tasks', label: 'nav.reviewTasks', icon: IconListCheck, when: (s) => s.roles.includes('site_coordinator'), order: 65 } },
    { section: 'administration', item: { to: '/access-reviews', label: 'nav.accessReviews', icon: IconChecklist, action: 'access_review.manage', order: 46 } },
  ],
};
