import type { Command } from 'commander';
import { systemActor } from '../../server/authz/actor.js';
import { openConfiguredDatabase } from '../../server/main.js';
import { DemoNotEmptyError, loadDemo, type DemoSummary } from '../../server/demo/demo.loader.js';
import { AuthService } from '../../server/modules/identity/auth.service.js';
import { ROLES } from '../../shared/roles.js';
import { cliConfig } from '../run.js';
import { cliContext } from './admin.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('fill an empty database with a fictional demo organization (12 hospitals, 3 research groups, 5 studies, 150 people)')
    .action(async () => {
      const config = cliConfig();
      const database = await openConfiguredDatabase(config);
      try {
        await database.migrate();
        const ctx = cliContext(config, database);
        const engine = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
        console.error(`Loading the demo organization into ${engine}…`);
        const tty = process.stderr.isTTY;
        const summary = await loadDemo(ctx, systemActor('cli:demo'), {
          onProgress: (done, total) => {
            if (tty) process.stderr.write(`\r[${done}/${total}] people`);
            else if (done % 25 === 0 || done === total) process.stderr.write(`[${done}/${total}] people\n`);
          },
        });
        if (tty) process.stderr.write('\n');
        printSummary(summary);
        const canSignIn = !(await new AuthService(ctx, ctx.sessions).setupRequired());
        console.log('\nThe demo people have no password and cannot sign in. / デモの人物はパスワードを持たず、サインインできません。');
        console.log(
          canSignIn
            ? 'Sign in with your existing administrator account. / 既存の管理者アカウントでサインインしてください。'
            : 'Start `mamori serve` and create the information security manager with the one-time setup link it prints.\n' +
                '`mamori serve` が表示する初回設定リンクから情報セキュリティ管理責任者を登録してください。',
        );
      } catch (e) {
        if (e instanceof DemoNotEmptyError) {
          process.stderr.write('\n');
          console.error(e.message);
          process.exitCode = 2;
          return;
        }
        throw e;
      } finally {
        await database.close();
      }
    });
}

function printSummary(s: DemoSummary): void {
  const row = (label: string, n: number, extra = '') => console.log(`  ${label.padEnd(28)}${String(n).padStart(5)}${extra ? `  ${extra}` : ''}`);
  console.log('\nDemo organization loaded (all records are fictional; e-mail domains are under example.jp):');
  row('units', s.units.data_center + s.units.operations_office + s.units.study_office, `(data center ${s.units.data_center}, operations office ${s.units.operations_office}, study offices ${s.units.study_office})`);
  row('institutions', s.institutions);
  row('research groups', s.researchGroups);
  row('studies', s.studies);
  row('committees', s.committees);
  row('people', s.people);
  row('role assignments', s.roleAssignments);
  for (const role of ROLES) if (s.roles[role]) row(`  ${role}`, s.roles[role]);
  row('audit entries written', s.auditEntries, '(one per record and role, plus demo.loaded)');
}
