import { createBrowserRouter, type RouteObject } from 'react-router';
import { AppLayout } from './components/app-layout.js';
import { RequirePermission, RequireSession } from './components/session-gate.js';
import { AuditPage } from './routes/audit/audit-page.js';
import { SetupPage } from './routes/auth/setup-page.js';
import { SignInPage } from './routes/auth/sign-in-page.js';
import { NotFoundPage } from './routes/errors/not-found-page.js';
import { RouteError } from './routes/errors/route-error.js';
import { HomePage } from './routes/home/home-page.js';
import { ImportPage } from './routes/imports/import-page.js';
import { REGISTRIES } from './routes/org/registry-configs.js';
import { RegistryDetailPage } from './routes/org/registry-detail-page.js';
import { RegistryListPage } from './routes/org/registry-list-page.js';
import { PeopleListPage } from './routes/people/people-list-page.js';
import { PersonDetailPage } from './routes/people/person-detail-page.js';
import { FEATURES } from './features.js';

const registryRoutes: RouteObject[] = Object.values(REGISTRIES).flatMap((config) => [
  {
    path: config.path.slice(1),
    element: (
      <RequirePermission action="org.read">
        {/* key: a fresh page (and list state) per registry */}
        <RegistryListPage key={config.name} config={config as never} />
      </RequirePermission>
    ),
  },
  {
    path: `${config.path.slice(1)}/:id`,
    element: (
      <RequirePermission action="org.read">
        <RegistryDetailPage key={config.name} config={config as never} />
      </RequirePermission>
    ),
  },
]);

/** Every page of the app. Sign-in and setup stand alone; the rest sit in the signed-in shell. */
export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  { path: '/setup', element: <SetupPage />, errorElement: <RouteError /> },
  ...FEATURES.flatMap((f) => f.standalone ?? []).map((r) => ({ errorElement: <RouteError />, ...r })),
  {
    path: '/',
    element: (
      <RequireSession>
        <AppLayout />
      </RequireSession>
    ),
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      ...registryRoutes,
      {
        path: 'people',
        element: (
          <RequirePermission action="person.list">
            <PeopleListPage />
          </RequirePermission>
        ),
      },
      { path: 'people/:id', element: <PersonDetailPage /> },
      {
        path: 'import',
        element: (
          <RequirePermission action="import.run">
            <ImportPage />
          </RequirePermission>
        ),
      },
      {
        path: 'audit',
        element: (
          <RequirePermission action="audit.read">
            <AuditPage />
          </RequirePermission>
        ),
      },
      ...FEATURES.flatMap((f) => f.routes ?? []),
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
