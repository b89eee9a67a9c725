import type { ReactNode } from 'react';
import { IconFileCheck, IconInbox, IconLock, IconSend, IconSettingsCog, IconShieldCheck, IconUpload } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { ExceptionsPage } from './exceptions-page.js';
import { HoldsPage } from './holds-page.js';
import { ApprovalsPage, InboxPage, OutboxPage } from './list-pages.js';
import { RulesPage } from './rules-page.js';
import { SendPage } from './send-page.js';
import { TransferPage } from './transfer-page.js';

const gate = (action: Parameters<typeof RequirePermission>[0]['action'], el: ReactNode) => <RequirePermission action={action}>{el}</RequirePermission>;

/** Secure exchange of files (P32-2.1.2): send, inbox, outbox, approvals; the data center's exceptions, holds and tripwire rules. */
export const feature: Feature = {
  routes: [
    { path: 'exchange/send', element: gate('exchange.send', <SendPage />) },
    { path: 'exchange/inbox', element: gate('exchange.send', <InboxPage />) },
    { path: 'exchange/outbox', element: gate('exchange.send', <OutboxPage />) },
    { path: 'exchange/transfers/:id', element: gate('exchange.send', <TransferPage />) },
    { path: 'exchange/approvals', element: gate('exchange.approve', <ApprovalsPage />) },
    { path: 'exchange/exceptions', element: gate('exchange.manage', <ExceptionsPage />) },
    { path: 'exchange/holds', element: gate('exchange.manage', <HoldsPage />) },
    { path: 'exchange/rules', element: gate('exchange.manage', <RulesPage />) },
  ],
  nav: [
    { section: 'personal', item: { to: '/exchange/send', label: 'nav.exchangeSend', icon: IconUpload, action: 'exchange.send', order: 20 } },
    { section: 'personal', item: { to: '/exchange/inbox', label: 'nav.exchangeInbox', icon: IconInbox, action: 'exchange.send', order: 21 } },
    { section: 'personal', item: { to: '/exchange/outbox', label: 'nav.exchangeOutbox', icon: IconSend, action: 'exchange.send', order: 22 } },
    { section: 'personal', item: { to: '/exchange/approvals', label: 'nav.exchangeApprovals', icon: IconFileCheck, action: 'exchange.approve', order: 23 } },
    { section: 'administration', item: { to: '/exchange/exceptions', label: 'nav.exchangeExceptions', icon: IconShieldCheck, action: 'exchange.manage', order: 70 } },
    { section: 'administration', item: { to: '/exchange/holds', label: 'nav.exchangeHolds', icon: IconLock, action: 'exchange.manage', order: 71 } },
    { section: 'administration', item: { to: '/exchange/rules', label: 'nav.exchangeRules', icon: IconSettingsCog, action: 'exchange.manage', order: 72 } },
  ],
};
