import type { Command } from 'commander';
import { startServer } from '../../server/main.js';
import { cliConfig } from '../run.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web server (migrates the database first)')
    .action(async () => {
      const config = cliConfig();
      const s = await startServer(config);
      const engine = config.databaseUrl ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
      console.log(`\n  守り Mamori is running on ${engine}`);
      console.log(`  Open: ${s.url}`);
      if (s.setupUrl) {
        console.log('\n  First run: create the information security manager with this one-time link');
        console.log(`  初回設定: 次のリンクから情報セキュリティ管理責任者を登録してください (30分間・1回限り有効)`);
        console.log(`\n  ${s.setupUrl}\n`);
        console.log('  Or from the command line / コマンドラインからも登録できます: npx mamori admin create --help\n');
      } else {
        console.log('  Sign in with your account. / アカウントでサインインしてください。\n');
      }
    });
}
