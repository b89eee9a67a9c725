#!/usr/bin/env node
import { Command } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerMigrate } from './commands/migrate.js';
import { registerAdmin } from './commands/admin.js';
import { registerAudit } from './commands/audit.js';
import { registerDemo } from './commands/demo.js';
import { registerJobs } from './commands/jobs.js';
import { registerExchange } from './commands/exchange.js';
import { registerBackup } from './commands/backup.js';

const program = new Command()
  .name('mamori')
  .description('Mamori (守り) — information security management for multi-institution clinical research groups.\nConfiguration comes from environment variables; see README.md.')
  .version('0.1.0')
  .showHelpAfterError();

registerServe(program);
registerMigrate(program);
registerAdmin(program);
registerAudit(program);
registerDemo(program);
registerJobs(program);
registerExchange(program);
registerBackup(program);

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
