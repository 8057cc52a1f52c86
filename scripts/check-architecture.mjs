#!/usr/bin/env node
// Checks the facts about src/ that docs/arquitectura.md promises, from the code's own imports:
//   1. no import circle between files;
//   2. no upward import: a folder imports only itself and folders on a lower floor (FLOORS);
//   3. no TypeScript file over MAX_LINES lines (the lesson-format parser may be longer);
//   4. packages where they belong: yargs only in cli/, the screen's packages only in ui/;
//   5. the floors under cli/ and ui/ never print, prompt or exit (they return or emit data).
// Prints each broken fact as file → file, and exits 1 when any is broken.
// Usage: node scripts/check-architecture.mjs [--json]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Floors from the top down. A folder of src/ may import its own files and any folder on a LOWER
 * floor; folders that share a floor never import each other. `.` is the files right under src/.
 */
export const FLOORS = [
  ['cli'], // flags, exit codes, one folder per command; the only floor that talks to the terminal
  ['authoring'], // scaffold and validate content (runs lessons and exercises to prove them)
  ['teacher'], // grade a class: workers, isolation, reports
  ['ui'], // rendering only: markdown, step screen, tables, prompts, colours
  ['engine', 'grader'], // run a lesson / run an exercise: events and results, never printed here
  ['net'], // probes over real sockets, OS TCP state, network namespaces (which host a kernel)
  ['kernel', 'lessons', 'progress'], // the Python kernel's client; content loading; learner state
  ['diagnostics', 'text'], // pure helpers: Python errors explained, closest word
  ['system'], // services: processes, /proc, Python discovery, data folders, files, time
  ['types', '.'], // the ground: typed errors (errors.ts), where the package lies (package-root.ts)
];

export const MAX_LINES = 350;
/** The lesson-format parser holds a whole grammar's messages; it may pass MAX_LINES. */
const LONG_FILE_ALLOWED = /^src\/lessons\/parse-[\w-]+\.ts$/;

/** Packages that only one floor may import. */
const PACKAGE_HOMES = {
  yargs: 'cli',
  enquirer: 'ui',
  marked: 'ui',
  'marked-terminal': 'ui',
};

/** Folders allowed to touch the terminal or end the process. */
const MAY_PRINT = new Set(['cli', 'ui']);
const PRINTING = /^(console\.\w+|process\.(stdout|stderr)\.write|process\.exit)$/;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** `src/cli/main.ts` → `cli`; `src/errors.ts` → `.` */
function folderOf(file) {
  const parts = file.split('/');
  return parts.length > 2 ? parts[1] : '.';
}

function resolveImport(root, fromFile, specifier) {
  const base = resolve(dirname(join(root, fromFile)), specifier);
  const candidates = [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts'), base];
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  return found ? relative(root, found) : null;
}

/** Every import of a file: static, re-export, and import() with a literal name. */
function readFile(root, file) {
  const text = readFileSync(join(root, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const imports = [];
  const printing = [];
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      imports.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) imports.push(argument.text);
    } else if (ts.isPropertyAccessExpression(node) && PRINTING.test(node.getText(source))) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
      printing.push({ line: line + 1, what: node.getText(source) });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0), imports, printing };
}

/** Tarjan's strongly connected components: each with more than one file is a circle. */
function circles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const found = [];
  const connect = (node) => {
    const entry = { index, low: index, onStack: true };
    index++;
    state.set(node, entry);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      const seen = state.get(next);
      if (!seen) {
        connect(next);
        entry.low = Math.min(entry.low, state.get(next).low);
      } else if (seen.onStack) entry.low = Math.min(entry.low, seen.index);
    }
    if (entry.low === entry.index) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (graph.get(node) ?? new Set()).has(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) connect(node);
  return found;
}

/** Reads src/ under `root` (the repository by default) and lists every broken fact. */
export function checkArchitecture(root = ROOT) {
  const files = sourceFiles(join(root, 'src')).map((path) => relative(root, path)).sort();
  const floorOf = new Map(FLOORS.flatMap((folders, level) => folders.map((folder) => [folder, FLOORS.length - level])));
  const graph = new Map();
  const broken = { circles: [], upward: [], unplaced: [], long: [], packages: [], printing: [] };

  for (const file of files) {
    const { lines, imports, printing } = readFile(root, file);
    const folder = folderOf(file);
    if (!floorOf.has(folder)) broken.unplaced.push({ file, folder });
    if (lines > MAX_LINES && !LONG_FILE_ALLOWED.test(file)) broken.long.push({ file, lines });
    if (!MAY_PRINT.has(folder)) for (const call of printing) broken.printing.push({ file, ...call });
    const targets = new Set();
    for (const specifier of imports) {
      if (specifier.startsWith('.')) {
        const target = resolveImport(root, file, specifier);
        if (target?.startsWith('src/')) targets.add(target);
        continue;
      }
      const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
      const home = PACKAGE_HOMES[name];
      if (home && home !== folder) broken.packages.push({ file, name, home });
    }
    graph.set(file, targets);
    for (const target of targets) {
      const to = folderOf(target);
      if (to === folder || !floorOf.has(folder) || !floorOf.has(to)) continue;
      if (floorOf.get(to) >= floorOf.get(folder)) broken.upward.push({ file, target, from: folder, to });
    }
  }
  for (const component of circles(graph)) {
    const members = new Set(component);
    const arrows = component.flatMap((file) => [...graph.get(file)].filter((target) => members.has(target)).map((target) => ({ file, target })));
    broken.circles.push({ files: component, arrows });
  }
  return { files: files.length, broken };
}

function floorName(folder) {
  return folder === '.' ? 'src/' : `${folder}/`;
}

export function report({ files, broken }) {
  const lines = [];
  const rule = (count, ok, bad) => lines.push(count === 0 ? `✓ ${ok}` : `✗ ${bad}`);
  rule(broken.circles.length, 'ningún círculo de importación', `${broken.circles.length} círculo(s) de importación:`);
  broken.circles.forEach(({ arrows }, i) => {
    lines.push(`  círculo ${i + 1}:`);
    for (const { file, target } of arrows) lines.push(`    ${file} → ${target}`);
  });
  rule(broken.upward.length, 'ninguna importación hacia arriba', `${broken.upward.length} importación(es) hacia arriba o entre carpetas del mismo piso:`);
  for (const { file, target, from, to } of broken.upward) lines.push(`    ${file} → ${target}  (${floorName(from)} no puede importar ${floorName(to)})`);
  rule(broken.unplaced.length, 'toda carpeta de src/ tiene piso', 'carpetas sin piso (añádelas a FLOORS en scripts/check-architecture.mjs y a docs/arquitectura.md):');
  for (const folder of new Set(broken.unplaced.map(({ folder }) => folder))) lines.push(`    src/${folder}/`);
  rule(broken.long.length, `ningún archivo de más de ${MAX_LINES} líneas`, `${broken.long.length} archivo(s) de más de ${MAX_LINES} líneas:`);
  for (const { file, lines: count } of broken.long) lines.push(`    ${file}: ${count} líneas`);
  rule(broken.packages.length, 'cada paquete en su piso (yargs en cli/; enquirer y marked en ui/)', 'paquetes fuera de su piso:');
  for (const { file, name, home } of broken.packages) lines.push(`    ${file} → ${name}  (solo ${home}/)`);
  rule(broken.printing.length, 'bajo cli/ y ui/ nadie imprime ni termina el proceso', 'impresiones o salidas bajo cli/ y ui/:');
  for (const { file, line, what } of broken.printing) lines.push(`    ${file}:${line}: ${what}`);
  const total = Object.values(broken).reduce((sum, list) => sum + list.length, 0);
  lines.push(total === 0 ? `Arquitectura: ${files} archivos de src/, todo en orden.` : `Arquitectura: ${total} problema(s) en ${files} archivos de src/ (ver docs/arquitectura.md).`);
  return { text: lines.join('\n'), ok: total === 0 };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = checkArchitecture();
  if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
  const { text, ok } = report(result);
  if (!process.argv.includes('--json')) console.log(text);
  process.exit(ok ? 0 : 1);
}
