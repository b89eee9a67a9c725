import { availableParallelism } from 'node:os';
import { hash, verify } from '@node-rs/argon2';

/** argon2id at OWASP's minimum (19 MiB, t=2, p=1); @node-rs/argon2 runs it on the libuv pool, off the event loop. */
export const PASSWORD_HASH_PARAMS = { algorithm: 2 /* Argon2id */, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

type HashParams = { algorithm: 2; memoryCost: number; timeCost: number; parallelism: number };
let PARAMS: HashParams = PASSWORD_HASH_PARAMS;

/**
 * Tests only (the test harness calls it): argon2id with the least memory and time, so the suite's
 * thousands of hashes cost microseconds. A hash carries its own parameters, so verifying works
 * across both; the production parameters are checked by password.unit.test.ts and the sign-in bench.
 */
export function useCheapHashesForTests(): void {
  PARAMS = { algorithm: 2, memoryCost: 256, timeCost: 1, parallelism: 1 };
}

/**
 * How many hashes run at once: one core is always left to the event loop, so a sign-in storm
 * slows sign-ins (they queue here) but not every other request. On one core, one at a time.
 */
export const HASH_CONCURRENCY = Math.max(1, availableParallelism() - 1);

let running = 0;
const waiting: (() => void)[] = [];

/** Runs `work` when a hashing slot is free (first come, first served). */
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

export function hashPassword(password: string): Promise<string> {
  return limited(() => hash(password, PARAMS));
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await limited(() => verify(stored, password));
  } catch {
    return false;
  }
}

/** argon2id without the limiter, for the benchmark's raw baseline. */
export const rawHash = (password: string) => hash(password, PASSWORD_HASH_PARAMS);

/** A real hash of a random string, so a sign-in for an unknown email costs as much time as a known one. */
let dummy: Promise<string> | undefined;
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`dummy-${Math.random()}`);
  return dummy;
}
