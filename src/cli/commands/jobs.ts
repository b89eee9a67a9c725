import type { Command } from 'commander';
import { registerModuleEvents, registerModuleJobs, runModuleSeeds, stopModules } from '../../server/compose.js';
import { cliConfig } from '../run.js';
import { cliContext } from './admin.js';
import { runCommand, withDatabase } from './audit.js';

/** `mamori jobs`: run the scheduled jobs once (for a cron job, or to catch up after downtime). */
export function registerJobs(program: Command): void {
  const jobs = program.command('jobs').description('scheduled jobs: dormancy and expiry of accounts, reminders, email delivery retries');
  jobs
    .command('run')
    .description('run the jobs that are due (all of them with --force), print what each did, and exit; the server runs them by itself every JOB_INTERVAL_SECONDS')
    .option('--force', 'run every job even if it ran recently (a job another node is running now is still skipped)')
    .action((opts: { force?: boolean }) =>
      runCommand(async () => {
        const config = cliConfig();
        return withDatabase(config, async (database) => {
          await database.migrate();
          // The jobs need the context, the modules' jobs and seeds, and no HTTP server.
          const ctx = cliContext(config, database);
          registerModuleEvents();
          registerModuleJobs(ctx);
          await runModuleSeeds(ctx);
          try {
            const reports = await ctx.jobs.runDue(opts.force === true);
            await ctx.mailer.flush();
            for (const r of reports) {
              const what = r.error ? `failed: ${r.error}` : r.ran ? `ran ${JSON.stringify(r.result ?? {})}` : r.claimedBy ? `running on ${r.claimedBy}` : 'not due';
              console.log(`${r.name.padEnd(32)} ${what}`);
            }
            return reports.some((r) => r.error) ? 1 : 0;
          } finally {
            await ctx.jobs.stop();
            await stopModules(ctx);
            await ctx.mailer.close();
          }
        });
      }),
    );
}
