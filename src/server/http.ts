import type { FastifyInstance, FastifyReply, FastifyRequest, RawServerDefault, FastifyBaseLogger } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Actor } from './authz/actor.js';
import type { LoadedSession } from './sessions/session.service.js';
import type { GroupAccess } from './modules/groups/group-session.js';

/** The Fastify instance type every module registers routes on. */
export type App = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
    session: LoadedSession | null;
    /**
     * A read-only group ID session (P32-2.1.3d), set only when the request has no personal
     * session; it reaches nothing but routes that declare `allowGroup`.
     */
    groupAccess: GroupAccess | null;
  }
  interface FastifyContextConfig {
    /** Routes reachable without a session. Everything else requires sign-in (deny by default). */
    public?: boolean;
    /** State-changing routes that skip the CSRF check (none today; kept explicit). */
    csrfExempt?: boolean;
    /**
     * Reachable by a signed-in person who still has steps to complete (new password, MFA
     * enrollment, the onboarding pledge): the routes that complete those steps.
     */
    allowPending?: boolean;
    /**
     * Reachable by a person whose only remaining step is a required course (P32-6): the course
     * player and the person's task list. `allowPending` routes are reachable too.
     */
    allowTraining?: boolean;
    /** Reachable by a session that has given the password but not yet the second factor. */
    allowMfaStage?: boolean;
    /** Reachable by a group ID session (read-only, one group's member-only content); the handler checks the group. */
    allowGroup?: boolean;
  }
}

export type Req = FastifyRequest;
export type Reply = FastifyReply;
