import type { Feature } from '../../features.js';
import { OnboardingPage } from './onboarding-page.js';

/** Onboarding: the steps a person completes before the rest of Mamori opens (its own session check). */
export const feature: Feature = {
  standalone: [{ path: '/onboarding', element: <OnboardingPage /> }],
};
