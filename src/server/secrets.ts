import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config.js';

export interface Secrets {
  /** HMAC key for CSRF tokens and other signatures. */
  sessionSecret: Buffer;
  /** 32-byte key that later wraps group IDs and exchanged files' data keys. */
  masterKey: Buffer;
  /** Ed25519 key that signs audit checkpoints. */
  auditSigningKey: KeyObject;
  auditPublicKey: KeyObject;
}

/** Reads a secret file, or creates it with mode 0600 on first start. */
function fileSecret(dir: string, name: string, make: () => string): string {
  const path = join(dir, name);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const value = make();
  writeFileSync(path, value + '\n', { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return value;
}

/** Loads the server's secrets from the environment or DATA_DIR/secrets, generating missing ones. Never logs them. */
export function loadSecrets(config: Pick<Config, 'dataDir' | 'sessionSecret' | 'masterKey'>): Secrets {
  const dir = join(config.dataDir, 'secrets');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const sessionSecret = config.sessionSecret ?? fileSecret(dir, 'session.key', () => randomBytes(32).toString('base64'));
  const masterKey = config.masterKey ?? fileSecret(dir, 'master.key', () => randomBytes(32).toString('base64'));
  const pem = fileSecret(dir, 'audit-ed25519.pem', () =>
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim(),
  );
  const auditSigningKey = createPrivateKey(pem);
  return {
    sessionSecret: Buffer.from(sessionSecret),
    masterKey: Buffer.from(masterKey, 'base64'),
    auditSigningKey,
    auditPublicKey: createPublicKey(auditSigningKey),
  };
}
