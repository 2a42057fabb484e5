import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * A store decodes its rows with `src/db/row.ts` and never casts a column (`r['id'] as string`): a
 * cast hides a SELECT list or a migration out of step with its store until the wrong value reaches a
 * decision. This counts `as` casts in store files (`as const` is not a cast of a value).
 */
const ROOT = join(import.meta.dirname, '..');
/** The one left: a checkpoint body the verifier must see as stored, well-formed or not. */
const ALLOWED = new Map([['src/audit/store.ts', 1]]);

function stores(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return stores(path);
    return /^(store|credential-store)\.ts$/.test(name) ? [path] : [];
  });
}

/**
 * Also counts a typed `query<…>(…)`: the row type it names is a cast in another form, asserted by
 * nothing. Only `query<Record<string, unknown>>`, what a row is, passes.
 */
export function castsIn(text: string): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isAsExpression(node) && node.type.getText(file) !== 'const')
      found.push(node.getText(file));
    if (isTypedQuery(node, file)) found.push(node.getText(file).split('(')[0] ?? '');
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function isTypedQuery(node: ts.Node, file: ts.SourceFile): boolean {
  if (!ts.isCallExpression(node) || node.typeArguments === undefined) return false;
  const callee = node.expression;
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : callee.getText(file);
  if (name !== 'query') return false;
  const args = node.typeArguments.map((t) => t.getText(file).replace(/\s+/g, ' '));
  return !(args.length === 1 && args[0] === 'Record<string, unknown>');
}

describe('row casts', () => {
  it('finds no cast of a row value in any store', () => {
    const files = stores(join(ROOT, 'src'));
    expect(files.length).toBeGreaterThan(10);
    const over = files.flatMap((path) => {
      const name = relative(ROOT, path);
      const casts = castsIn(readFileSync(path, 'utf8'));
      return casts.length > (ALLOWED.get(name) ?? 0) ? [`${name}: ${casts.join('; ')}`] : [];
    });
    expect(over).toEqual([]);
  });

  it('catches a planted cast and ignores `as const`', () => {
    expect(castsIn("const x = { id: r['id'] as string };")).toEqual(["r['id'] as string"]);
    expect(castsIn("const k = ['a'] as const;")).toEqual([]);
  });

  it('catches a typed query generic and allows `Record<string, unknown>`', () => {
    expect(castsIn("const rows = await q.query<{ id: string }>('SELECT id FROM t');")).toEqual([
      'q.query<{ id: string }>',
    ]);
    expect(castsIn("const rows = await q.query<Record<string, unknown>>('SELECT 1');")).toEqual([]);
    expect(castsIn("const rows = await q.query('SELECT 1');")).toEqual([]);
  });
});
