import type { Command } from 'commander';
import { openConfiguredDatabase } from '../../server/main.js';
import { cliConfig } from '../run.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const config = cliConfig();
      const db = await openConfiguredDatabase(config);
      try {
        await db.migrate();
        console.log(`Migrations applied (${db.engine}).`);
      } finally {
        await db.close();
      }
    });
}
