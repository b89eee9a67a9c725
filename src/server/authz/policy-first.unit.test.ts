import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * Every public method of a service class that takes an actor starts with the policy: its first
 * statement is an `authz.require…` / `authz.can` check, a call to a scope (src/server/authz/scopes),
 * or a call to another method of the same class that itself starts with the policy. A method that
 * needs no check carries, before its first statement, a `// policy: <kind> — <reason>` comment (e.g.
 * `// policy: self — reads the actor's own record`; kinds below), so the exception is written down
 * where it is.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
/** (POLICY_FIRST_MODULES: another tree to report on, e.g. an older checkout.) */
const MODULES = process.env.POLICY_FIRST_MODULES ?? join(ROOT, 'src/server/modules');

function serviceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? serviceFiles(join(dir, e.name)) : e.name.endsWith('.service.ts') ? [join(dir, e.name)] : [],
  );
}

/**
 * The written exceptions: `self` (the actor's own record), `caller` (a step run inside a caller's
 * transaction, after the caller's check), `public` (no person acts, e.g. a group sign-in).
 */
const MARKER = /\/\/\s*policy:\s*(self|caller|public)\s*(?:—|–|-{1,2}|:)\s*\S.{3,}/u;

export interface MethodReport {
  file: string;
  className: string;
  method: string;
  ok: boolean;
  how: string;
}

const isPrivate = (m: ts.MethodDeclaration) =>
  ts.isPrivateIdentifier(m.name) || (ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.PrivateKeyword || x.kind === ts.SyntaxKind.ProtectedKeyword);

const takesActor = (m: ts.MethodDeclaration, sf: ts.SourceFile) => m.parameters.some((p) => !!p.type && /^Actor\b/u.test(p.type.getText(sf)));

export function analyse(files: string[]): MethodReport[] {
  const out: MethodReport[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    // names imported from the scopes (assetScope, inScope…)
    const scopeImports = new Set<string>();
    for (const s of sf.statements) {
      if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && /\/authz\/scopes\//u.test(s.moduleSpecifier.text)) {
        const b = s.importClause?.namedBindings;
        if (b && ts.isNamedImports(b)) for (const el of b.elements) scopeImports.add(el.name.text);
        if (b && ts.isNamespaceImport(b)) scopeImports.add(b.name.text);
      }
    }
    const visit = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.name) {
        const methods = new Map<string, ts.MethodDeclaration>();
        for (const m of node.members) if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.body) methods.set(m.name.text, m);
        const memo = new Map<string, { ok: boolean; how: string }>();
        const stack = new Set<string>();
        /**
         * How a statement consults the policy, or null: an authz.require / requireVisible / can call,
         * a scope (imported from authz/scopes), or a call of a method of this class, given the
         * actor, that itself starts with the policy. Inside a callback (a transaction's body) only
         * its first statement counts; an `if` consults when its condition does, or both branches do.
         */
        const consults = (stmt: ts.Node): string | null => {
          if (ts.isIfStatement(stmt)) {
            const cond = consults(stmt.expression);
            if (cond) return cond;
            const head = (b: ts.Statement | undefined) => (b && ts.isBlock(b) ? b.statements[0] : b);
            const yes = head(stmt.thenStatement);
            const no = head(stmt.elseStatement);
            const a = yes ? consults(yes) : null;
            const b = no ? consults(no) : null;
            return a && b ? `${a} / ${b}` : null;
          }
          let found: string | null = null;
          const walk = (n: ts.Node) => {
            if (found) return;
            if (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
              const body = n.body;
              const head = ts.isBlock(body) ? body.statements[0] : body;
              if (head) found = consults(head);
              return;
            }
            if (ts.isIdentifier(n) && scopeImports.has(n.text) && /Scope$/u.test(n.text)) {
              found = `scope ${n.text}`;
              return;
            }
            if (ts.isCallExpression(n)) {
              const callee = n.expression.getText(sf);
              if (/(^|\.)authz\.(require|requireVisible|can)$/u.test(callee) || callee === 'can') {
                found = callee;
                return;
              }
              const self = /^this\.(\w+)$/u.exec(callee);
              if (self && methods.has(self[1]!) && !stack.has(self[1]!) && n.arguments.some((a) => a.getText(sf) === 'actor')) {
                const inner = judge(self[1]!);
                if (inner.ok) {
                  found = `this.${self[1]} → ${inner.how}`;
                  return;
                }
              }
            }
            ts.forEachChild(n, walk);
          };
          walk(stmt);
          return found;
        };
        const judge = (name: string): { ok: boolean; how: string } => {
          const known = memo.get(name);
          if (known) return known;
          const m = methods.get(name);
          if (!m?.body) return { ok: false, how: 'no body' };
          stack.add(name);
          const first = m.body.statements[0];
          let res: { ok: boolean; how: string } = { ok: false, how: first ? first.getText(sf).split('\n')[0]!.slice(0, 100) : 'empty body' };
          const comments = [
            ...(ts.getLeadingCommentRanges(text, m.body.getStart(sf) + 1) ?? []),
            ...(first ? (ts.getLeadingCommentRanges(text, first.getFullStart()) ?? []) : []),
          ].map((r) => text.slice(r.pos, r.end));
          const marker = comments.find((c) => MARKER.test(c));
          if (marker) res = { ok: true, how: marker.trim() };
          else if (first) {
            const how = consults(first);
            if (how) res = { ok: true, how };
          }
          stack.delete(name);
          memo.set(name, res);
          return res;
        };
        for (const [name, m] of methods) {
          if (isPrivate(m) || !takesActor(m, sf)) continue;
          const r = judge(name);
          out.push({ file: relative(ROOT, file), className: node.name.text, method: name, ...r });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

describe('the check itself', () => {
  it('tells methods that start with the policy from those that do not', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'policy-first-')), 'x.service.ts');
    writeFileSync(
      file,
      `import { incidentScope } from '../../authz/scopes/incidents.js';
      export class XService {
        async checked(actor: Actor) { await this.ctx.authz.require(actor, 'incident.read'); return 1; }
        async scoped(actor: Actor) { return this.ctx.db.select().from(incidents).where(incidentScope.filter(actor)); }
        async delegated(actor: Actor, id: string) { const row = await this.checked(actor); return row; }
        async inTransaction(actor: Actor) { return this.ctx.db.transaction(async (tx) => { await this.ctx.authz.can(actor, 'x'); }); }
        async marked(actor: Actor) {
          // policy: self — the actor's own settings
          return actor.personId;
        }
        async unchecked(actor: Actor, id: string) { const row = await this.load(id); await this.ctx.authz.require(actor, 'x'); return row; }
        async badMarker(actor: Actor) {
          // policy: trust me
          return 1;
        }
        private async helper(actor: Actor) { return actor; }
        async noActor(id: string) { return id; }
      }`,
    );
    const got = Object.fromEntries(analyse([file]).map((r) => [r.method, r.ok]));
    expect(got).toEqual({ checked: true, scoped: true, delegated: true, inTransaction: true, marked: true, unchecked: false, badMarker: false });
  });
});

describe('service methods start with the policy', () => {
  const reports = analyse(serviceFiles(MODULES));

  it('finds the actor-taking public methods of the service classes', () => {
    expect(reports.length).toBeGreaterThan(150);
  });

  it('every one begins with an authorization check, a scope, or a written reason', () => {
    const failing = reports.filter((r) => !r.ok).map((r) => `${r.file} ${r.className}.${r.method}: ${r.how}`);
    if (process.env.POLICY_FIRST_REPORT) {
      const kind = (how: string) => /policy:\s*(\w+)/u.exec(how)?.[1] ?? (how.includes('scope ') ? 'scope' : how.includes('→') ? 'delegated' : 'authz');
      const counts = new Map<string, number>();
      for (const r of reports.filter((x) => x.ok)) counts.set(kind(r.how), (counts.get(kind(r.how)) ?? 0) + 1);
      const byKind = [...counts].map(([k, n]) => `${k} ${n}`);
      process.stdout.write(`${reports.length} methods, ${failing.length} not starting with the policy (${byKind.join(', ')})\n${failing.join('\n')}\n`);
    }
    expect(failing).toEqual([]);
  });
});
