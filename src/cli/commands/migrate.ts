import type { Command } from 'commander';
import { pendingMigrations } from '../../server/db/client.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { cliConfig } from '../run.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .option('--dry-run', 'list the migrations that would be applied, and change nothing')
    .action(async (opts: { dryRun?: boolean }) => {
      const config = cliConfig();
      const db = await openConfiguredDatabase(config);
      try {
        if (opts.dryRun) {
          const pending = await pendingMigrations(db.db);
          if (pending.length === 0) console.log(`No pending migrations (${db.engine}): the database is up to date.`);
          else console.log(`${pending.length} pending migration${pending.length === 1 ? '' : 's'} (${db.engine}):\n${pending.map((m) => `  ${m.tag}`).join('\n')}`);
          return;
        }
        const before = await pendingMigrations(db.db);
        await db.migrate();
        console.log(`Migrations applied (${db.engine})${before.length ? `: ${before.map((m) => m.tag).join(', ')}` : ': none were pending'}.`);
      } finally {
        await db.close();
      }
    });
}
