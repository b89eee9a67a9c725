import { buildContext } from '../../server/build-context.js';
import { moduleBackupFiles, moduleSessionRequirements } from '../../server/compose.js';
import type { Command } from 'commander';
import { z } from 'zod';
import { CreatePerson } from '../../shared/org.js';
import { systemActor } from '../../server/authz/actor.js';
import type { Config } from '../../server/config.js';
import type { AppContext } from '../../server/context.js';
import type { Database } from '../../server/db/client.js';
import { AppError } from '../../server/errors.js';
import { AuthService } from '../../server/modules/identity/public.js';
import { activateWithPassword } from '../../server/modules/accounts/public.js';
import { PeopleService } from '../../server/modules/org/public.js';
import { loadSecrets } from '../../server/secrets.js';
import { cliConfig } from '../run.js';
import { CliError, runCommand, withDatabase } from './audit.js';

/** The roles `admin create` may grant: the ones that can run the system. */
export const ADMIN_ROLES = ['security_manager', 'system_admin'] as const;
const MAX_PASSWORD = 1024;

/** The context services are built from, as buildApp makes it, for commands that run without the web server. */
export function cliContext(config: Config, database: Database): AppContext {
  return buildContext({ config, database, secrets: loadSecrets(config), sessionRequirements: moduleSessionRequirements(), backupFiles: moduleBackupFiles });
}

/** Everything on stdin, without the one line ending `echo` or a here-string adds. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Asks for a line on the terminal without echoing it. Ctrl-C aborts. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  return new Promise((resolvePrompt, reject) => {
    // Echo goes off before the question appears, so nothing typed early is shown.
    stdin.setRawMode(true);
    process.stderr.write(question);
    let value = '';
    const done = (err?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      process.stderr.write('\n');
      if (err) reject(err);
      else resolvePrompt(value);
    };
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new CliError('Aborted.', 130));
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ') value += ch;
      }
    };
    stdin.resume();
    stdin.on('data', onData);
  });
}

/**
 * The new password: from stdin with --password-stdin, else typed twice on a terminal. Refused here
 * when too short or long; the rest of the password policy is applied when it is set.
 */
async function readPassword(fromStdin: boolean, minLength: number): Promise<string> {
  let password: string;
  if (fromStdin) {
    password = await readStdin();
  } else if (process.stdin.isTTY) {
    password = await promptHidden(`Password (at least ${minLength} characters): `);
    if ([...password].length >= minLength && (await promptHidden('Password again: ')) !== password) throw new CliError('The passwords do not match. Nothing was created.');
  } else {
    throw new CliError('No password: stdin is not a terminal. Pipe it in with --password-stdin. Nothing was created.');
  }
  if ([...password].length < minLength) throw new CliError(`The password must be at least ${minLength} characters. Nothing was created.`);
  if (password.length > MAX_PASSWORD) throw new CliError(`The password must be at most ${MAX_PASSWORD} characters. Nothing was created.`);
  return password;
}

interface CreateOptions {
  email: string;
  familyNameJa: string;
  givenNameJa?: string;
  familyNameEn: string;
  givenNameEn?: string;
  role: (typeof ADMIN_ROLES)[number];
  passwordStdin?: boolean;
}

export function registerAdmin(program: Command): void {
  const admin = program.command('admin').description('create administrator accounts and first-run setup links');

  admin
    .command('create')
    .description('create a person holding the information security manager (or system administrator) role with an active account and a password; audited as the system')
    .requiredOption('--email <email>', 'sign-in email address')
    .requiredOption('--family-name-ja <name>', 'family name in Japanese (姓)')
    .option('--given-name-ja <name>', 'given name in Japanese (名)', '')
    .requiredOption('--family-name-en <name>', 'family name in Latin letters')
    .option('--given-name-en <name>', 'given name in Latin letters', '')
    .option('--role <role>', `${ADMIN_ROLES.join(' | ')}`, 'security_manager')
    .option('--password-stdin', 'read the password from stdin (otherwise it is asked for twice, without echo)')
    .addHelpText(
      'after',
      '\nThe password policy applies (at least PASSWORD_MIN_LENGTH characters, default 12; not a common\n' +
        'password; not the person\'s names or email). The account is active at once: the person signs in\n' +
        'with the email and password, then enrols an authenticator app and signs the pledge, exactly as\n' +
        'the manager created with the first-run setup link does. Once such a manager exists, `serve`\n' +
        'prints no setup link. Example:\n' +
        '  printf \'%s\' "$PASSWORD" | mamori admin create --email kanri@example.jp --family-name-ja 管理 --given-name-ja 花子 --family-name-en Kanri --given-name-en Hanako --password-stdin',
    )
    .action(async (opts: CreateOptions) =>
      runCommand(async () => {
        const role = z.enum(ADMIN_ROLES).safeParse(opts.role);
        if (!role.success) throw new CliError(`--role must be one of ${ADMIN_ROLES.join(', ')}.`, 2);
        const input = CreatePerson.safeParse({
          email: opts.email,
          familyNameJa: opts.familyNameJa,
          givenNameJa: opts.givenNameJa,
          familyNameEn: opts.familyNameEn,
          givenNameEn: opts.givenNameEn,
          roles: [{ role: role.data }],
        });
        if (!input.success) {
          const problems = input.error.issues.map((i) => `  --${String(i.path[0]).replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`);
          throw new CliError(`Some options are invalid:\n${problems.join('\n')}`, 2);
        }
        const config = cliConfig();
        const password = await readPassword(opts.passwordStdin === true, Math.max(8, config.passwordMinLength));
        return withDatabase(config, async (database) => {
          await database.migrate();
          const ctx = cliContext(config, database);
          const actor = systemActor('cli');
          const peopleService = new PeopleService(ctx);
          await ctx.authz.require(actor, 'person.manage');
          await ctx.authz.require(actor, 'account.manage');
          try {
            // One transaction: the person, their role and their active account exist together or not at all
            // (a password the policy refuses rolls the person back too).
            const person = await ctx.db.transaction(async (tx) => {
              const row = await peopleService.createInTx(tx, actor, input.data);
              await activateWithPassword(tx, ctx, actor, row.id, password);
              return row;
            });
            const name = (...parts: string[]) => parts.filter(Boolean).join(' ');
            console.log(`Created ${name(person.familyNameJa, person.givenNameJa)} / ${name(person.givenNameEn, person.familyNameEn)} <${person.email}> as ${role.data} (id ${person.id}), account active.`);
            console.log(`They can sign in at ${config.publicUrl}/sign-in with this email and password, then enrol an authenticator app and sign the pledge.`);
          } catch (e) {
            if (e instanceof AppError) throw new CliError(`${e.message} Nothing was created.`);
            throw e;
          }
        });
      }),
    );

  admin
    .command('setup-link')
    .description('print a fresh one-time link (valid 30 minutes) for creating the first information security manager, while no administrator exists')
    .addHelpText(
      'after',
      '\nEarlier setup links stop working. `mamori serve` prints such a link itself when it starts and\n' +
        'invalidates older ones, so this is for a server that is already running on PostgreSQL (the\n' +
        'embedded database can only be opened by one process at a time).',
    )
    .action(async () =>
      runCommand(async () => {
        const config = cliConfig();
        return withDatabase(config, async (database) => {
          await database.migrate();
          const ctx = cliContext(config, database);
          const link = await new AuthService(ctx, ctx.sessions).issueSetupLink();
          if (!link) throw new CliError('An administrator already exists, so there is no setup link. Sign in, or add one with `mamori admin create`.');
          console.log(link);
        });
      }),
    );
}
