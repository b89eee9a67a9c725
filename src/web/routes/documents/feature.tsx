import { IconBooks } from '@tabler/icons-react';
import type { Feature } from '../../features.js';
import { DocumentPage } from './document-page.js';
import { DocumentsPage } from './documents-page.js';
import { ReaderPage } from './reader-page.js';

/** The policy library (P32-2.2, P32-5, P32-6, P32-8): documents, versions and their approval, and the reader. */
export const feature: Feature = {
  routes: [
    { path: 'documents', element: <DocumentsPage /> },
    { path: 'documents/:id', element: <DocumentPage /> },
    { path: 'documents/:id/read', element: <ReaderPage /> },
  ],
  nav: [{ section: 'organization', item: { to: '/documents', label: 'nav.documents', icon: IconBooks, action: 'document.read', order: 30 } }],
};
