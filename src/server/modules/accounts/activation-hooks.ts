import type { AppContext } from '../../context.js';
import type { Conn } from '../../db/client.js';

/**
 * What other modules do when an account becomes active (invitation accepted, account
 * reactivated), inside the same transaction: documents assign what the person must acknowledge,
 * training assigns the courses that apply to them (P32-6). Registered by name, so registering the
 * same module twice (several apps in one process) keeps one hook.
 */
export type ActivationHook = (tx: Conn, ctx: AppContext, personId: string) => Promise<void>;

const hooks = new Map<string, ActivationHook>();

export function onAccountActivated(name: string, hook: ActivationHook): void {
  hooks.set(name, hook);
}

export async function runActivationHooks(tx: Conn, ctx: AppContext, personId: string): Promise<void> {
  for (const hook of hooks.values()) await hook(tx, ctx, personId);
}
