import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
const run = promisify(execFile);

interface Violation {
  rule: { name: string; severity: string };
  from: string;
  to: string;
}

/** Runs dependency-cruiser with the project's rules in `cwd`; returns the violations it does not ignore. */
async function cruise(cwd: string, config: string, extra: string[] = []): Promise<Violation[]> {
  const out = await run(process.execPath, [DEPCRUISE, 'src', '--config', config, '--output-type', 'json', ...extra], { cwd, maxBuffer: 64 * 1024 * 1024 }).catch((e: { stdout?: string }) => ({ stdout: e.stdout ?? '' }));
  const report = JSON.parse(out.stdout) as { summary: { violations: Violation[] } };
  // Known violations come back with severity "ignore".
  return report.summary.violations.filter((v) => v.rule.severity !== 'ignore');
}

describe('the architecture rules (.dependency-cruiser.cjs)', () => {
  it('hold for the code, apart from the known violations being paid down', { timeout: 120_000 }, async () => {
    const found = await cruise(ROOT, '.dependency-cruiser.cjs', ['--ignore-known', '.dependency-cruiser-known-violations.json']);
    expect(found.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('refuse a feature importing the wiring, the core importing a feature, a cycle, and the web importing the server', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mamori-boundaries-'));
    try {
      const file = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
      file('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', allowImportingTsExtensions: false } }));
      file('package.json', JSON.stringify({ type: 'module' }));
      file('src/server/app.ts', "export const app = 1;\n");
      file('src/server/context.ts', "import { a } from './modules/tasks/a.js';\nexport const ctx = a;\n");
      file('src/server/modules/tasks/a.ts', "import { app } from '../../app.js';\nimport { b } from './b.js';\nexport const a = app + b;\n");
      file('src/server/modules/tasks/b.ts', "import { a } from './a.js';\nexport const b = () => a;\n");
      file('src/server/modules/risks/index.ts', "export const risks = 1;\n");
      file('src/server/modules/risks/risks.service.ts', "export const svc = 1;\n");
      file('src/server/modules/tasks/c.ts', "import { svc } from '../risks/risks.service.js';\nimport { risks } from '../risks/index.js';\nexport const c = svc + risks;\n");
      file('src/web/page.ts', "import { app } from '../server/app.js';\nexport const page = app;\n");
      const rules = new Set((await cruise(dir, '.dependency-cruiser.cjs')).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`));
      expect(rules).toEqual(
        new Set([
          'features-do-not-import-the-wiring: src/server/modules/tasks/a.ts → src/server/app.ts',
          'core-imports-no-feature: src/server/context.ts → src/server/modules/tasks/a.ts',
          'no-cycles: src/server/modules/tasks/a.ts → src/server/modules/tasks/b.ts',
          'modules-through-their-entry: src/server/modules/tasks/c.ts → src/server/modules/risks/risks.service.ts',
          'web-reaches-server-over-http: src/web/page.ts → src/server/app.ts',
        ]),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
