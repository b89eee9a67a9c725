import { IconUserShield } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { AccountsPage } from './accounts-page.js';
import { CredentialLossDetailPage, CredentialLossListPage } from './credential-loss-pages.js';
import { ForgotPasswordPage, InvitePage, LostConfirmPage, LostCredentialsPage, ResetPasswordPage } from './public-pages.js';

/** Accounts (P32-2.1.3): the data center's console and queue; the public invitation, lost-credential and reset pages. */
export const feature: Feature = {
  routes: [
    {
      path: 'accounts',
      element: (
        <RequirePermission action="account.manage">
          <AccountsPage />
        </RequirePermission>
      ),
    },
    {
      path: 'accounts/credential-loss',
      element: (
        <RequirePermission action="credential_loss.manage">
          <CredentialLossListPage />
        </RequirePermission>
      ),
    },
    {
      path: 'accounts/credential-loss/:id',
      element: (
        <RequirePermission action="credential_loss.manage">
          <CredentialLossDetailPage />
        </RequirePermission>
      ),
    },
  ],
  standalone: [
    { path: '/invite', element: <InvitePage /> },
    { path: '/lost-credentials', element: <LostCredentialsPage /> },
    { path: '/lost-credentials/confirm', element: <LostConfirmPage /> },
    { path: '/forgot-password', element: <ForgotPasswordPage /> },
    { path: '/reset-password', element: <ResetPasswordPage /> },
  ],
  nav: [{ section: 'administration', item: { to: '/accounts', label: 'nav.accounts', icon: IconUserShield, action: 'account.manage', order: 20 } }],
};
