import type { Command } from 'commander';
import { buildApp } from '../../server/app.js';
import { Vault } from '../../server/modules/exchange/vault/vault.js';
import { loadSecrets } from '../../server/secrets.js';
import { cliConfig } from '../run.js';
import { CliError, runCommand, withDatabase } from './audit.js';

/** `mamori exchange …`: maintenance of the secure exchange's vault. */
export function registerExchange(program: Command): void {
  const exchange = program.command('exchange').description('secure exchange of files: maintenance of the encrypted vault');
  exchange
    .command('rewrap-keys')
    .description(
      'after a master-key rotation, re-wrap every exchanged file’s data key under the current MASTER_KEY (payloads are not re-encrypted). ' +
        'Set MASTER_KEY to the new key and MASTER_KEY_PREVIOUS to the old one(s) first; afterwards the old key is no longer needed.',
    )
    .action(() =>
      runCommand(async () => {
        const config = cliConfig();
        return withDatabase(config, async (database) => {
          await database.migrate();
          const { app, ctx } = await buildApp({ config, database, secrets: loadSecrets(config), logger: false });
          try {
            const n = await new Vault(ctx).rewrapAll().catch((e: Error) => {
              throw new CliError(`Re-wrapping stopped: ${e.message}`);
            });
            console.log(`Re-wrapped ${n} data key(s) under the current master key.`);
            return 0;
          } finally {
            await app.close();
          }
        });
      }),
    );
}
