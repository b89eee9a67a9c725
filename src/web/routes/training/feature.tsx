import { IconSchool } from '@tabler/icons-react';
import { RequirePermission } from '../../components/session-gate.js';
import type { Feature } from '../../features.js';
import { CourseEditorPage } from './course-editor-page.js';
import { PlayerPage } from './player-page.js';
import { TrainingPage } from './training-page.js';

/** Training (P32-6): my courses and the course catalogue, the course editor, and the course player. */
export const feature: Feature = {
  routes: [
    { path: 'training', element: <TrainingPage /> },
    {
      path: 'training/courses/:id',
      element: (
        <RequirePermission action="course.manage">
          <CourseEditorPage />
        </RequirePermission>
      ),
    },
    { path: 'training/assignments/:assignmentId', element: <PlayerPage /> },
  ],
  nav: [{ section: 'personal', item: { to: '/training', label: 'nav.training', icon: IconSchool, order: 40 } }],
};
