import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Finds, in the source, every route, CLI command and approval executor from which a ledger transfer
 * can be reached: the entry points that can change a balance. It builds the TypeScript program of
 * `src/`, makes a call graph (a call through an interface goes to the object literals that implement
 * it), finds every function from which the ledger's transfer commands can be reached, and then every
 * place that registers a handler (a route, a command's action, an executor) whose arguments call one.
 *
 * It over-approximates rather than misses: a handler that calls a function that can move money in
 * some branch counts, whether or not that branch is taken.
 */
export interface MoneyPath {
  /** `POST /ledger/transfers`, `cli ledger transfer`, or `executor reserve.capital_call`. */
  readonly entry: string;
  /** The chain of functions from the entry point to the ledger, for a reader who asks why. */
  readonly via: readonly string[];
}

type Fn = ts.Node;
type Implementations = (d: ts.Declaration) => readonly ts.Node[];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGETS = new Set(['transfer', 'transferBatch', 'transferInTx']);
const HTTP = new Set(['get', 'post', 'put', 'patch', 'delete']);
const REGISTRATIONS = new Set([...HTTP, 'action', 'registerExecutor']);

interface Graph {
  readonly checker: ts.TypeChecker;
  readonly implementations: Implementations;
  /** Callee → the functions that call it (a callback counts as called by the function passing it). */
  readonly callers: Map<Fn, Set<Fn>>;
  readonly targets: Set<Fn>;
  /** Registrations, and calls of local helpers that register what they are given (`step(…)`). */
  readonly sites: ts.CallExpression[];
  readonly executorObjects: ts.ObjectLiteralExpression[];
}

export function moneyPaths(): MoneyPath[] {
  const program = createProgram();
  const checker = program.getTypeChecker();
  const files = program
    .getSourceFiles()
    .filter((f) => f.fileName.startsWith(`${ROOT}src/`) && !f.fileName.endsWith('.test.ts'));
  const g: Graph = {
    checker,
    implementations: implementationsOf(files, checker),
    callers: new Map(),
    targets: new Set(),
    sites: [],
    executorObjects: [],
  };
  for (const file of files) collect(file, g);
  const reaching = reachingLedger(g);
  const found = new Map<string, MoneyPath>();
  for (const site of g.sites) {
    const via = viaOf(site.arguments, g, reaching);
    const entry = via === null ? null : siteName(site, g);
    if (entry !== null && via !== null && !found.has(entry)) found.set(entry, { entry, via });
  }
  for (const o of g.executorObjects) {
    const kind = executorObjectKind(o, g, reaching);
    if (kind !== null) found.set(kind.entry, kind);
  }
  return [...found.values()].sort((a, b) => a.entry.localeCompare(b.entry));
}
function createProgram(): ts.Program {
  const configPath = `${ROOT}tsconfig.json`;
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT);
  const names = parsed.fileNames.filter((f) => f.startsWith(`${ROOT}src/`));
  return ts.createProgram(names, { ...parsed.options, noEmit: true });
}

/** The function-like node a node sits in (the unit of the call graph), or the source file. */
function enclosing(node: ts.Node): Fn {
  for (let n = node.parent as ts.Node | undefined; n !== undefined; n = n.parent) {
    if (ts.isFunctionLike(n)) return n;
  }
  return node.getSourceFile();
}

/** The declarations a call may run: the callee's, or for an interface member, its implementations. */
function calledDeclarations(
  call: ts.CallExpression,
  checker: ts.TypeChecker,
  implementations: Implementations,
): ts.Node[] {
  const symbol = checker.getSymbolAtLocation(
    ts.isPropertyAccessExpression(call.expression) ? call.expression.name : call.expression,
  );
  const resolved =
    symbol !== undefined && symbol.flags & ts.SymbolFlags.Alias
      ? checker.getAliasedSymbol(symbol)
      : symbol;
  const out: ts.Node[] = [];
  for (const d of resolved?.declarations ?? []) {
    out.push(bodyOf(d));
    for (const impl of implementations(d)) out.push(impl);
  }
  return out;
}

/** A declaration's callable body: the arrow function a property or variable holds, or itself. */
function bodyOf(d: ts.Node): ts.Node {
  if (
    (ts.isPropertyAssignment(d) || ts.isVariableDeclaration(d)) &&
    d.initializer !== undefined &&
    (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))
  )
    return d.initializer;
  return d;
}

/**
 * Where a call through an interface member may land: the object literals in the interface's own
 * file (Kazna declares a service's interface beside the factory that builds it, as `LedgerService`
 * and `createLedger`) that have every member the interface names.
 */
function implementationsOf(
  files: readonly ts.SourceFile[],
  checker: ts.TypeChecker,
): Implementations {
  const literals = new Map<string, ts.ObjectLiteralExpression[]>();
  const visit = (node: ts.Node, list: ts.ObjectLiteralExpression[]): void => {
    if (ts.isObjectLiteralExpression(node)) list.push(node);
    ts.forEachChild(node, (n) => {
      visit(n, list);
    });
  };
  for (const f of files) {
    const list: ts.ObjectLiteralExpression[] = [];
    visit(f, list);
    literals.set(f.fileName, list);
  }
  const memo = new Map<ts.Declaration, readonly ts.Node[]>();
  const find = (d: ts.Declaration): readonly ts.Node[] => {
    if (!ts.isMethodSignature(d) && !ts.isPropertySignature(d)) return [];
    const owner = d.parent;
    if (!ts.isInterfaceDeclaration(owner) && !ts.isTypeLiteralNode(owner)) return [];
    const members = owner.members.flatMap((m) =>
      m.name !== undefined && m.questionToken === undefined ? [m.name.getText()] : [],
    );
    const name = d.name.getText();
    const out: ts.Node[] = [];
    for (const literal of literals.get(d.getSourceFile().fileName) ?? []) {
      const props = new Map(
        literal.properties.flatMap((p) => (p.name === undefined ? [] : [[p.name.getText(), p]])),
      );
      const prop = props.get(name);
      if (prop !== undefined && members.every((m) => props.has(m))) out.push(bodyOf(prop));
    }
    if (out.length > 0) return out;
    // A service assembled from parts (`{ ...createChainCore(d), ...createCustody(d) }`): any
    // literal's property of that name whose type fits the member.
    const wanted = checker.getTypeAtLocation(d);
    for (const list of literals.values())
      for (const literal of list)
        for (const p of literal.properties)
          if (p.name?.getText() === name) out.push(...fitting(p, wanted, checker));
    return out;
  };
  return (d) => {
    const known = memo.get(d);
    if (known !== undefined) return known;
    const found = find(d);
    memo.set(d, found);
    return found;
  };
}

/** What a literal's property runs, if its type fits: `{ f: … }`, or `{ f }` naming a function. */
function fitting(
  p: ts.ObjectLiteralElementLike,
  wanted: ts.Type,
  checker: ts.TypeChecker,
): ts.Node[] {
  if (ts.isPropertyAssignment(p))
    return checker.isTypeAssignableTo(checker.getTypeAtLocation(p.initializer), wanted)
      ? [bodyOf(p)]
      : [];
  if (!ts.isShorthandPropertyAssignment(p)) return [];
  const symbol = checker.getShorthandAssignmentValueSymbol(p);
  const d = symbol?.valueDeclaration;
  if (symbol === undefined || d === undefined) return [];
  const fits = checker.isTypeAssignableTo(checker.getTypeOfSymbolAtLocation(symbol, p), wanted);
  return fits ? [bodyOf(d)] : [];
}

function collect(file: ts.SourceFile, g: Graph): void {
  const ledger = file.fileName === `${ROOT}src/ledger/service.ts`;
  const edge = (callee: ts.Node, caller: Fn): void => {
    const set = g.callers.get(callee) ?? new Set();
    set.add(caller);
    g.callers.set(callee, set);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callees = calledDeclarations(node, g.checker, g.implementations);
      for (const callee of callees) edge(callee, enclosing(node));
      const site = registers(node) || callees.some(isRegisteringHelper);
      if (site) g.sites.push(node);
      // A callback (a transaction's body) runs on behalf of the function that passes it; one that
      // is registered (a route, an executor, a command's action) is an entry of its own.
      else
        for (const arg of node.arguments)
          if (ts.isArrowFunction(arg) || ts.isFunctionExpression(arg)) edge(arg, enclosing(node));
      // A domain may hold the ledger under a narrower type (`Pick<LedgerService, …>`): a transfer
      // command called on anything that has the ledger's `transferInTx` is a target too.
      if (callsLedgerCommand(node, g.checker)) g.targets.add(enclosing(node));
    }
    if (ts.isObjectLiteralExpression(node) && hasProperties(node, ['kind', 'execute']))
      g.executorObjects.push(node);
    if (ledger && isLedgerCommand(node)) g.targets.add(node);
    ts.forEachChild(node, visit);
  };
  visit(file);
}

function hasProperties(o: ts.ObjectLiteralExpression, names: readonly string[]): boolean {
  return names.every((n) => o.properties.some((p) => p.name?.getText() === n));
}

function registers(call: ts.CallExpression): boolean {
  return REGISTRATIONS.has(calleeName(call));
}

function calleeName(call: ts.CallExpression): string {
  const callee = call.expression;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.getText();
  return ts.isIdentifier(callee) ? callee.getText() : '';
}

/** A function declared inside another (a route group's `step`) whose body registers a handler. */
function isRegisteringHelper(d: ts.Node): boolean {
  if (!ts.isFunctionLike(d) || ts.isSourceFile(enclosing(d))) return false;
  return registrationIn(d) !== undefined;
}

function registrationIn(node: ts.Node): ts.CallExpression | undefined {
  let found: ts.CallExpression | undefined;
  const visit = (n: ts.Node): void => {
    if (found !== undefined) return;
    if (ts.isCallExpression(n) && registers(n)) found = n;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return found;
}

function callsLedgerCommand(call: ts.CallExpression, checker: ts.TypeChecker): boolean {
  const callee = call.expression;
  if (!ts.isPropertyAccessExpression(callee) || !TARGETS.has(callee.name.getText())) return false;
  return checker.getTypeAtLocation(callee.expression).getProperty('transferInTx') !== undefined;
}

/** The ledger's transfer commands: `LedgerService`'s members and the function behind them. */
function isLedgerCommand(node: ts.Node): boolean {
  if (ts.isFunctionDeclaration(node)) return node.name?.getText() === 'transferInTx';
  if (!ts.isMethodSignature(node) || !TARGETS.has(node.name.getText())) return false;
  const owner = node.parent;
  return ts.isInterfaceDeclaration(owner) && owner.name.getText() === 'LedgerService';
}

/** Every function from which a target can be reached, with the chain of calls that gets there. */
function reachingLedger(g: Graph): Map<Fn, readonly string[]> {
  const seen = new Map<Fn, readonly string[]>();
  const queue: [Fn, readonly string[]][] = [...g.targets].map((t) => [t, [label(t)]]);
  // Breadth first (an array's iterator also visits what is pushed while it runs): shortest chains.
  for (const [fn, via] of queue) {
    if (seen.has(fn)) continue;
    seen.set(fn, via);
    for (const caller of g.callers.get(fn) ?? []) queue.push([caller, [label(caller), ...via]]);
  }
  return seen;
}

/** The chain to the ledger from the first call among `nodes` that can reach it, or null. */
function viaOf(
  nodes: readonly ts.Node[],
  g: Graph,
  reaching: ReadonlyMap<Fn, readonly string[]>,
): readonly string[] | null {
  let via: readonly string[] | null = null;
  const visit = (n: ts.Node): void => {
    if (via !== null) return;
    if (ts.isCallExpression(n)) {
      if (callsLedgerCommand(n, g.checker)) via = [label(enclosing(n))];
      for (const d of calledDeclarations(n, g.checker, g.implementations))
        if (via === null && reaching.has(d)) via = reaching.get(d) ?? null;
    }
    ts.forEachChild(n, visit);
  };
  for (const n of nodes) visit(n);
  return via;
}

/** How a user names a site: `POST /ledger/transfers`, `cli ledger transfer`, `executor <kind>`. */
function siteName(site: ts.CallExpression, g: Graph): string | null {
  if (registers(site)) return registrationName(site, new Map(), g.checker);
  // A helper's call: name the registration inside it, its parameters bound to this call's literals.
  const helper = calledDeclarations(site, g.checker, g.implementations).find(isRegisteringHelper);
  if (helper === undefined || !ts.isFunctionLike(helper)) return null;
  const bindings = new Map<string, string>();
  helper.parameters.forEach((p, i) => {
    const arg = site.arguments[i];
    if (arg !== undefined && ts.isStringLiteral(arg)) bindings.set(p.name.getText(), arg.text);
  });
  const inner = registrationIn(helper);
  return inner === undefined ? null : registrationName(inner, bindings, g.checker);
}

function registrationName(
  call: ts.CallExpression,
  bindings: ReadonlyMap<string, string>,
  checker: ts.TypeChecker,
): string | null {
  const method = calleeName(call);
  const first = call.arguments[0];
  if (HTTP.has(method) && first !== undefined) {
    const path = textOf(first, bindings, checker);
    return path === null ? null : `${method.toUpperCase()} ${path}`;
  }
  const callee = call.expression;
  if (method === 'action' && ts.isPropertyAccessExpression(callee))
    return `cli ${commandName(callee.expression, bindings, checker)}`;
  if (method === 'registerExecutor') return `executor ${executorKinds(call, checker)}`;
  return null;
}

/**
 * A string literal, or a template whose parts are bound parameters or of literal types
 * (`for (const step of ['approve', 'pay'] as const)` gives `{approve|pay}`).
 */
function textOf(
  e: ts.Expression,
  bindings: ReadonlyMap<string, string>,
  checker: ts.TypeChecker,
): string | null {
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
  if (ts.isIdentifier(e)) {
    const bound = bindings.get(e.text);
    if (bound !== undefined) return bound;
    const t = checker.getTypeAtLocation(e);
    const values = (t.isUnion() ? t.types : [t]).flatMap((p) =>
      p.isStringLiteral() ? [p.value] : [],
    );
    return values.length === 1 ? (values[0] ?? null) : `{${values.join('|') || e.text}}`;
  }
  if (!ts.isTemplateExpression(e)) return null;
  let out = e.head.text;
  for (const span of e.templateSpans)
    out += (textOf(span.expression, bindings, checker) ?? '{?}') + span.literal.text;
  return out;
}

/** `{ kind: LEDGER_TRANSFER_KIND, execute: async (…) => … }`: an executor handed to main.ts. */
function executorObjectKind(
  o: ts.ObjectLiteralExpression,
  g: Graph,
  reaching: ReadonlyMap<Fn, readonly string[]>,
): MoneyPath | null {
  const prop = (name: string) =>
    o.properties.find((p): p is ts.PropertyAssignment => p.name?.getText() === name);
  const execute = prop('execute');
  const kind = prop('kind');
  if (execute === undefined || kind === undefined || !ts.isPropertyAssignment(kind)) return null;
  const via = viaOf([execute.initializer], g, reaching);
  const kinds = literalKinds(kind.initializer, g.checker);
  return via !== null && kinds !== null ? { entry: `executor ${kinds}`, via } : null;
}

/** The kinds an executor is registered for: the string literal types of its kind argument. */
function executorKinds(call: ts.CallExpression, checker: ts.TypeChecker): string {
  const first = call.arguments[0];
  if (first === undefined) return '?';
  return literalKinds(first, checker) ?? first.getText();
}

/** `a | b` for a kind of string literal types (one, or a helper's union), sorted; else null. */
function literalKinds(kind: ts.Expression, checker: ts.TypeChecker): string | null {
  const t = checker.getTypeAtLocation(kind);
  const parts = t.isUnion() ? t.types : [t];
  const values = parts.flatMap((p) => (p.isStringLiteral() ? [p.value] : []));
  return values.length === parts.length && values.length > 0 ? values.sort().join(' | ') : null;
}

/** `program.command('ledger').command('transfer')…action(…)`: the command names in the chain. */
function commandName(
  expr: ts.Expression,
  bindings: ReadonlyMap<string, string>,
  checker: ts.TypeChecker,
): string {
  const names: string[] = [];
  for (let e: ts.Expression | undefined = expr; e !== undefined;) {
    // `const cmd = custody.command(name)…; cmd.action(…)`: follow the variable to its chain.
    if (ts.isIdentifier(e)) {
      e = initializerOf(e, checker);
      continue;
    }
    if (!ts.isCallExpression(e)) break;
    const callee = e.expression;
    if (!ts.isPropertyAccessExpression(callee)) break;
    const arg = e.arguments[0];
    const text = arg === undefined ? null : textOf(arg, bindings, checker);
    if (callee.name.getText() === 'command' && text !== null)
      names.unshift(text.split(' ')[0] ?? text);
    e = callee.expression;
  }
  return names.join(' ');
}

function initializerOf(id: ts.Identifier, checker: ts.TypeChecker): ts.Expression | undefined {
  const d = checker.getSymbolAtLocation(id)?.valueDeclaration;
  return d !== undefined && ts.isVariableDeclaration(d) ? d.initializer : undefined;
}

function label(fn: Fn): string {
  const file = fn.getSourceFile().fileName.replace(ROOT, '');
  if (ts.isSourceFile(fn)) return `module ${file}`;
  const { line } = fn.getSourceFile().getLineAndCharacterOfPosition(fn.getStart());
  const named =
    (ts.isFunctionDeclaration(fn) || ts.isMethodSignature(fn) || ts.isMethodDeclaration(fn)) &&
    fn.name !== undefined
      ? fn.name.getText()
      : ts.isPropertyAssignment(fn.parent) || ts.isVariableDeclaration(fn.parent)
        ? fn.parent.name.getText()
        : 'λ';
  return `${named} (${file}:${String(line + 1)})`;
}
