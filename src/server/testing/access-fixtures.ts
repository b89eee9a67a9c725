import type { Access, TargetScope } from '../authz/access-table.js';
import type { TestEnv, seedOrg } from './harness.js';

/** One request the route-access test sends. */
export type Call = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The status an allowed caller gets. */
  ok: number;
  /** Waits for work the call started in the background before the next call. */
  settle?: (body: unknown) => Promise<void>;
};

/**
 * Builds the request for a target in (own) or out of (other) scope of the actor `actorId`. A call
 * expected to be refused changes nothing, so its target may be shared with other refused calls.
 */
export type Fixture = (scope: TargetScope, actorId: string, expected: Access) => Promise<Call>;

/**
 * What the route-access test hands each module's `access.fixtures.ts`. Every actor of the matrix
 * holds one role, scoped to institution A, research group A, their unit and committee, and is
 * affiliated with institution A and group A; "own" targets sit there, "other" targets at B.
 */
export interface FixtureKit {
  t: TestEnv;
  org: Awaited<ReturnType<typeof seedOrg>>;
  /** A fresh number for unique codes and emails. */
  next: () => string;
  /** A fresh target when the call may change it, else one shared by refused calls (keyed by cacheKey). */
  targetFor: (cacheKey: string, expected: Access, make: () => Promise<string>) => Promise<string>;
  /** A researcher at institution A / group A (own) or B / B (other). */
  targetPerson: (scope: TargetScope) => Promise<{ id: string; email: string }>;
}

/** What a module's `access.fixtures.ts` exports as `fixtures`. */
export interface ModuleFixtures {
  /** One per private route of the module. */
  routes?: Record<string, Fixture>;
  /** One per public route of the module (called by an anonymous visitor). */
  publicRoutes?: Record<string, () => Promise<Call>>;
}
export type ModuleFixturesFactory = (kit: FixtureKit) => ModuleFixtures;
