import type { Actor } from '../../authz/actor.js';
import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';
import { offboardAccount } from '../accounts/public.js';
import { proposeGroupRotation } from '../groups/public.js';

/**
 * What an approved registration change sets off in other modules, in the approval's transaction:
 * a group ID rotation proposal when someone leaves a research group (P32-2.1.3d), and offboarding
 * of the account at retirement.
 */
export async function proposeRotation(tx: Conn, ctx: AppContext, actor: Actor, researchGroupIds: string[]): Promise<void> {
  if (researchGroupIds.length === 0) return;
  await proposeGroupRotation(tx, ctx, actor, researchGroupIds, 'member_left');
}

/** Ends the account (sessions, credentials) of a person who retired; the person record and history stay. */
export async function offboard(tx: Conn, ctx: AppContext, actor: Actor, personId: string, reason: string): Promise<void> {
  await offboardAccount(tx, ctx, actor, personId, reason);
}
