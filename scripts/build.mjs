// Builds the CLI into dist/: one bundled entry (fast start: few files to resolve) plus lazily
// loaded chunks, so heavy modules (marked-terminal, enquirer) load only for the commands using them;
// and the grading worker, one file of its own (started once per program graded).
// `node scripts/build.mjs [--outdir DIR]`; the bench imports buildCli() to build its own copy.
import { build } from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Bundled CommonJS dependencies call require(): give them one. */
export const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);";

/** One module and what it imports, as a single ESM file that Node can import (build-time tools). */
export function bundleModule(entry, outfile) {
  return build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  });
}

/**
 * Builds the CLI into `target`; with `{ metafile: true }` also resolves with esbuild's account of
 * which modules went into which file, paths relative to `target` (tests read what each command loads).
 */
export async function buildCli(target = resolve(ROOT, 'dist'), { metafile = false } = {}) {
  const lessons = await prebuiltLessons();
  const exercises = await prebuiltExercises();
  // Build aside, then swap in: a CLI running (or a test suite starting) meanwhile never finds a
  // half-written or missing dist/.
  const outdir = `${target}.staging-${process.pid}`;
  rmSync(outdir, { recursive: true, force: true });
  const widthModules = new Set();
  const common = {
    absWorkingDir: ROOT,
    metafile,
    outdir,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: `#!/usr/bin/env node\n${REQUIRE_BANNER}` },
    define: {
      'globalThis.TALLER_SOCKETS_PREBUILT_LESSONS': JSON.stringify(`${SIDE_DIR}${PREBUILT_LESSONS_FILE}`),
      'globalThis.TALLER_SOCKETS_PREBUILT_EXERCISES': JSON.stringify(`${SIDE_DIR}${PREBUILT_EXERCISES_FILE}`),
    },
    logLevel: 'warning',
  };
  const built = await build({
    ...common,
    entryPoints: { 'cli/main': 'src/cli/main.ts' },
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    plugins: [lazyStringWidth(widthModules), assertOnFailure(), lazyHighlighter(), yargsPackageFromBundle()],
  });
  // The grading worker (src/cli/grade-worker.ts: no yargs, once per program graded) is one file,
  // its testers inlined: each ES module Node loads costs its own resolution, read and link, and
  // the ~45 chunks a split worker loaded cost calificar ~40 ms of CPU per submission (measured:
  // 30 submissions, 7.6 -> 6.7 s). What it imports dynamically is still evaluated on first use,
  // after the run is prepared (grade-worker.ts).
  const worker = await build({ ...common, entryPoints: { 'cli/grade-worker': 'src/cli/grade-worker.ts' }, splitting: false, plugins: [assertOnFailure()] });
  await buildSideFiles(outdir);
  await buildTravellingGrader(outdir);
  writePrebuiltLessons(join(outdir, 'chunks', PREBUILT_LESSONS_FILE), lessons);
  writePrebuiltLessons(join(outdir, 'chunks', PREBUILT_EXERCISES_FILE), exercises);
  await checkFastWidths(widthModules);
  markExecutable(outdir);
  swapInto(outdir, target);
  return metafile ? relativeOutputs(mergedMetafiles(built.metafile, worker.metafile), outdir) : target;
}

function mergedMetafiles(...metas) {
  return { inputs: Object.assign({}, ...metas.map((meta) => meta.inputs)), outputs: Object.assign({}, ...metas.map((meta) => meta.outputs)) };
}

function relativeOutputs(meta, outdir) {
  const prefix = `${relative(ROOT, outdir)}/`;
  const strip = (path) => (path.startsWith(prefix) ? path.slice(prefix.length) : path);
  const outputs = {};
  for (const [path, output] of Object.entries(meta.outputs)) {
    outputs[strip(path)] = { ...output, imports: output.imports.map((entry) => ({ ...entry, path: strip(entry.path) })) };
  }
  return { inputs: meta.inputs, outputs };
}

/**
 * Every file package.json names as a bin is run by the shell through the link npm made at install
 * time; esbuild writes it without the execute bit, and the swap-in replaces the file the link points
 * at, so without this the first rebuild turns `npx taller-sockets` into «Permission denied».
 */
function markExecutable(outdir) {
  const { bin } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const path of Object.values(typeof bin === 'string' ? { main: bin } : bin ?? {})) {
    const built = join(outdir, path.replace(/^(\.\/)?dist\//, ''));
    if (!existsSync(built)) throw new Error(`bin ${path} was not built`);
    chmodSync(built, 0o755);
  }
}

function swapInto(staging, target) {
  for (let attempt = 0; ; attempt++) {
    const old = `${target}.old-${process.pid}-${attempt}`;
    if (existsSync(target)) renameSync(target, old);
    try {
      renameSync(staging, target);
      rmSync(old, { recursive: true, force: true });
      return;
    } catch (error) {
      rmSync(old, { recursive: true, force: true });
      // Another build swapped its own in between: move it aside and try again.
      if (attempt >= 5 || !['ENOTEMPTY', 'EEXIST'].includes(error.code)) throw error;
    }
  }
}

// --- the grader that travels --------------------------------------------------------------------
// `autor exportar` and `autor aula vpl|github` copy this one file (plus the exercises' JSON) to
// where classes are graded (a VPL jail, a GitHub runner): the grader alone, one ESM file that needs
// only Node and Python: no Markdown, highlighter, prompts or yargs, and no chunks to carry along.
export const TRAVELLING_GRADER = 'calificador/taller-calificador.mjs';

async function buildTravellingGrader(outdir) {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['src/cli/grader-bundle/main.ts'],
    outfile: join(outdir, TRAVELLING_GRADER),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'eof',
    banner: { js: REQUIRE_BANNER },
    plugins: [assertOnFailure(), travellingPackageRoot()],
    logLevel: 'warning',
  });
  // The grader's own Python helpers, where the bundle's packageRoot() finds them.
  for (const helper of TRAVELLING_HELPERS) {
    mkdirSync(dirname(join(outdir, 'calificador', helper)), { recursive: true });
    copyFileSync(join(ROOT, helper), join(outdir, 'calificador', helper));
  }
}

/** Python files the grader runs (src/grader/run-watcher.ts, src/system/python.ts), shipped beside the travelling grader. */
export const TRAVELLING_HELPERS = ['src/grader/run-watcher.py', 'src/grader/python/sitecustomize.py', 'src/system/python/interpreter.py'];

/** In the travelling grader the package root is the bundle's own folder (no package.json travels). */
function travellingPackageRoot() {
  const contents = [
    "import { dirname } from 'node:path';",
    "import { fileURLToPath } from 'node:url';",
    'export function packageRoot() { return dirname(fileURLToPath(import.meta.url)); }',
    "export function packageVersion() { return 'calificador'; }",
  ].join('\n');
  return {
    name: 'travelling-package-root',
    setup(esbuild) {
      esbuild.onResolve({ filter: /package-root\.js$/ }, () => ({ path: 'package-root', namespace: 'travelling-package-root' }));
      esbuild.onLoad({ filter: /.*/, namespace: 'travelling-package-root' }, () => ({ contents, loader: 'js' }));
    },
  };
}

// --- lessons parsed at build time ---------------------------------------------------------------
// Parsing the YAML of every lesson was most of `lecciones` and of a lesson's first screen. The
// bundle carries the shipped lessons already parsed, by this same parser, keyed by their exact
// text (src/lessons/prebuilt-lessons.ts); a lesson edited after the build is parsed at run time.
// The table is a JSON file next to the chunks, not a string in one: a 400 KB string literal cost
// ~14 ms to load as JavaScript, the same file read as JSON ~5 ms. It is written in ASCII (every
// other character escaped), so that it reads as one-byte text, without UTF-8 decoding.
export const PREBUILT_LESSONS_FILE = 'prebuilt-lessons.json';

export function writePrebuiltLessons(file, entries) {
  const ascii = JSON.stringify(entries).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
  writeFileSync(file, ascii);
}

export function prebuiltLessons() {
  return prebuiltTable('lessons', 'leccion.md', 'src/lessons/parse-lesson.ts', ({ parseLesson }, text, file) => {
    const { lesson, problems } = parseLesson(text, file);
    // A lesson with mistakes is left to the run-time parser, which reports them.
    if (!lesson || problems.length) return undefined;
    const { file: _file, folder: _folder, ...located } = lesson;
    return located;
  });
}

/**
 * [text, JSON] of every `<content>/<folder>/<fileName>` that `parse(module, text, file)` turns
 * into plain data (undefined: left to the run-time parser), with the parser bundled from `parser`.
 */
async function prebuiltTable(content, fileName, parser, parse) {
  const dir = resolve(ROOT, content);
  if (!existsSync(dir)) return [];
  const temp = mkdtempSync(join(tmpdir(), 'taller-sockets-build-'));
  try {
    const bundled = join(temp, 'parser.mjs');
    await bundleModule(parser, bundled);
    const module = await import(pathToFileURL(bundled).href);
    const entries = [];
    for (const folder of readdirSync(dir).sort()) {
      const file = join(dir, folder, fileName);
      if (!existsSync(file)) continue;
      const text = readFileSync(file, 'utf8');
      const parsed = parse(module, text, file);
      if (parsed !== undefined) entries.push([text, JSON.stringify(parsed, onlyPlainData)]);
    }
    return entries;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

// --- exercises parsed at build time -------------------------------------------------------------
// The same for each exercise's ejercicio.yaml: parsing the 18 of them was most of what verificar
// did before it could start grading (--cpu-prof). Keyed by exact text; what depends on where the
// bundle runs (which lessons the course has) is checked again at run time
// (src/grader/prebuilt-exercises.ts).
export const PREBUILT_EXERCISES_FILE = 'prebuilt-exercises.json';

export function prebuiltExercises() {
  return prebuiltTable('exercises', 'ejercicio.yaml', 'src/grader/exercise-meta.ts', ({ parseExerciseMeta }, text, file) => {
    const problems = [];
    const meta = parseExerciseMeta(text, file, problems);
    if (!meta || problems.length) return undefined;
    const { tester: _tester, ...plain } = meta;
    return plain;
  });
}

/** Marks a property whose value is undefined, which JSON would drop (src/lessons/prebuilt-lessons.ts). */
export const UNDEFINED_MARK = '\u0000undefined\u0000';

/** JSON would silently change these: a lesson holding one must not be stored. */
function onlyPlainData(key, value) {
  const original = this[key];
  if (value === undefined && !Array.isArray(this)) return UNDEFINED_MARK;
  const plain = value === null || ['string', 'boolean'].includes(typeof value) ||
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'object' && (Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype));
  if (!plain || original instanceof Date) throw new Error(`lesson field «${key}» is not plain data; update prebuiltLessons in scripts/build.mjs`);
  return value;
}

// --- start-up: string-width ----------------------------------------------------------------------
// yargs, cliui and wrap-ansi each bundle a copy of string-width, whose module body builds an
// Intl.Segmenter and Unicode-property regexes (\p{RGI_Emoji}): ~30 ms at every start, measured
// with --cpu-prof, before any help text is measured. The same code runs here, unchanged, but on
// its first call instead of at load, and strings made only of characters that are one column
// wide in every copy (checked against the real packages at the end of each build) skip it.

/** Characters that every bundled string-width measures as exactly 1 column (checked at build). */
const ONE_COLUMN = '\\u0020-\\u007E\\u00A0-\\u00A8\\u00AA-\\u00AC\\u00AF-\\u00FF\\u2010-\\u2027\\u25B8';

function lazyStringWidth(seen) {
  return {
    name: 'lazy-string-width',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]node_modules[\\/](?:.+[\\/])?string-width[\\/]index\.js$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        // CommonJS copies (old versions, e.g. cli-table3's) are already evaluated lazily by the bundle.
        if (!/^export /m.test(source)) return undefined;
        const lines = source.split('\n');
        const imports = lines.filter((line) => /^import .+ from '[^']+';$/.test(line));
        const body = lines.filter((line) => !imports.includes(line)).join('\n');
        const exported = 'export default function stringWidth(';
        if (body.split(exported).length !== 2 || /^export /m.test(body.replace(exported, ''))) {
          throw new Error(`${args.path}: string-width changed shape; update lazyStringWidth in scripts/build.mjs`);
        }
        seen.add(args.path);
        const contents = [
          ...imports,
          `const oneColumn = /^[${ONE_COLUMN}]*$/;`,
          'let measure;',
          'export default function stringWidth(input, options) {',
          "  if (options === undefined && typeof input === 'string' && oneColumn.test(input)) return input.length;",
          '  measure ??= load();',
          '  return measure(input, options);',
          '}',
          'function load() {',
          body.replace(exported, 'return function stringWidth('),
          '}',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

/** Fails the build if a string-width copy measures any fast-path character other than 1. */
async function checkFastWidths(modules) {
  if (modules.size === 0) return;
  const range = new RegExp(`^[${ONE_COLUMN}]$`);
  const chars = [];
  for (let code = 0x20; code <= 0x25ff; code++) if (range.test(String.fromCharCode(code))) chars.push(String.fromCharCode(code));
  for (const path of modules) {
    const { default: realWidth } = await import(pathToFileURL(path).href);
    const wrong = chars.filter((char) => realWidth(char) !== 1);
    if (wrong.length || realWidth(chars.join('')) !== chars.length) {
      throw new Error(`${path} measures ${wrong.map((c) => `U+${c.charCodeAt(0).toString(16)}`).join(', ') || 'a run of them'} ` +
        'differently: fix ONE_COLUMN in scripts/build.mjs');
    }
  }
}

// --- start-up: yargs' package lookup ------------------------------------------------------------
// At every start yargs looks for its caller's package.json (for a version this CLI sets itself),
// from its own folder up to the one holding node_modules. Bundled, it is in no node_modules, so it
// starts from the working directory instead and lists every folder up to / (a home folder of many
// files: milliseconds; /tmp: ten). From the bundle's own folder the walk is short and the same
// wherever the learner stands: dist/chunks, dist, the package.
const YARGS_MAIN_FILENAME = "const mainFilename = __dirname.substring(0, __dirname.lastIndexOf('node_modules'));";

function yargsPackageFromBundle() {
  return {
    name: 'yargs-package-from-bundle',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]node_modules[\\/]yargs[\\/]lib[\\/]platform-shims[\\/]esm\.mjs$/ }, (args) => {
        const source = readFileSync(args.path, 'utf8');
        if (source.split(YARGS_MAIN_FILENAME).length !== 2) {
          throw new Error(`${args.path}: yargs changed how it finds its package; update yargsPackageFromBundle in scripts/build.mjs`);
        }
        const contents = source.replace(YARGS_MAIN_FILENAME, "const mainFilename = fileURLToPath(new URL('.', import.meta.url));");
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
    },
  };
}

// --- start-up: assert ----------------------------------------------------------------------------
// yargs imports node:assert for two internal sanity checks; loading that built-in costs a few ms
// at every start. These stand-ins compare first and call the real assert only when a check fails,
// so a failure throws exactly what it did.
function assertOnFailure() {
  const contents = [
    "import { createRequire } from 'node:module';",
    'const realAssert = () => createRequire(import.meta.url)("node:assert");',
    'export function strictEqual(actual, expected, message) {',
    '  if (!Object.is(actual, expected)) realAssert().strictEqual(actual, expected, message);',
    '}',
    'export function notStrictEqual(actual, expected, message) {',
    '  if (Object.is(actual, expected)) realAssert().notStrictEqual(actual, expected, message);',
    '}',
  ].join('\n');
  return {
    name: 'assert-on-failure',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^(node:)?assert$/ }, (args) =>
        /[\\/]node_modules[\\/]yargs[\\/]/.test(args.importer) ? { path: 'assert-on-failure', namespace: 'assert-on-failure' } : undefined);
      esbuild.onLoad({ filter: /.*/, namespace: 'assert-on-failure' }, () => ({ contents, loader: 'js', resolveDir: ROOT }));
    },
  };
}

// --- first screen of a lesson: marked-terminal's heavy parts -------------------------------------
// marked-terminal loads cli-highlight (highlight.js with its ~190 languages, parse5) and node-emoji
// (emojilib): 2.2 MB of its 2.4 MB chunk, read, compiled and run before a lesson's first screen
// (--cpu-prof: the longest part of it). They only colour code blocks (never without colour) and
// replace :emoji: codes (an option this CLI turns off). Here they are bundled apart, into side
// files next to the chunks, and loaded on first use: the same modules, the same calls, bound to
// the same objects.
const SIDE_DIR = '../chunks/';

/** Side files: name -> [source, the package folder its requires resolve from]. */
const SIDE_FILES = {
  'highlighter.cjs': [
    'module.exports = { hljs: require("highlight.js"), parse5: require("parse5"), adapter: require("parse5-htmlparser2-tree-adapter") };',
    'node_modules/cli-highlight/dist',
  ],
  'node-emoji.cjs': ['module.exports = require("node-emoji");', 'node_modules/marked-terminal'],
};

/** cli-highlight's eager requires and what replaces each (loaded at first use, from the side file). */
const LAZY_REQUIRES = {
  'var hljs = __importStar(require("highlight.js"));': `__importStar(require("${SIDE_DIR}highlighter.cjs").hljs)`,
  'var parse5 = __importStar(require("parse5"));': `__importStar(require("${SIDE_DIR}highlighter.cjs").parse5)`,
  'var parse5_htmlparser2_tree_adapter_1 = __importDefault(require("parse5-htmlparser2-tree-adapter"));':
    `__importDefault(require("${SIDE_DIR}highlighter.cjs").adapter)`,
};

async function buildSideFiles(outdir) {
  for (const [name, [contents, resolveDir]] of Object.entries(SIDE_FILES)) {
    await build({
      absWorkingDir: ROOT,
      stdin: { contents, resolveDir: resolve(ROOT, resolveDir), sourcefile: name, loader: 'js' },
      outfile: join(outdir, 'chunks', name),
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      logLevel: 'warning',
    });
  }
}

function lazyHighlighter() {
  return {
    name: 'lazy-highlighter',
    setup(esbuild) {
      // The side files are found at run time next to the chunks, through the bundle's require().
      esbuild.onResolve({ filter: /^\.\.\/chunks\/[\w-]+\.cjs$/ }, (args) => ({ path: args.path, external: true }));
      esbuild.onLoad({ filter: /[\\/]node_modules[\\/]cli-highlight[\\/]dist[\\/]index\.js$/ }, (args) => {
        let contents = readFileSync(args.path, 'utf8');
        for (const [line, load] of Object.entries(LAZY_REQUIRES)) {
          if (contents.split(line).length !== 2) {
            throw new Error(`${args.path}: "${line}" not found; update LAZY_REQUIRES in scripts/build.mjs`);
          }
          const name = /^var (\w+) =/.exec(line)[1];
          contents = contents.replace(line, `var ${name} = __lazyModule(function () { return ${load}; });`);
        }
        contents += [
          '',
          'function __lazyModule(load) {',
          '  var mod;',
          '  return new Proxy({}, {',
          '    get: function (_target, key) {',
          '      mod = mod || load();',
          '      var value = mod[key];',
          "      return typeof value === 'function' ? value.bind(mod) : value;",
          '    },',
          '  });',
          '}',
        ].join('\n');
        return { contents, loader: 'js', resolveDir: dirname(args.path) };
      });
      // marked-terminal uses node-emoji for emoji.get() alone, and only with its `emoji` option.
      esbuild.onResolve({ filter: /^node-emoji$/ }, (args) =>
        /[\\/]node_modules[\\/]marked-terminal[\\/]/.test(args.importer) ? { path: 'node-emoji', namespace: 'lazy-node-emoji' } : undefined);
      esbuild.onLoad({ filter: /.*/, namespace: 'lazy-node-emoji' }, () => {
        const user = readFileSync(resolve(ROOT, 'node_modules/marked-terminal/index.js'), 'utf8');
        const used = new Set([...user.matchAll(/\bemoji\.(\w+)/g)].map((match) => match[1]));
        if ([...used].some((name) => name !== 'get')) {
          throw new Error(`marked-terminal now uses node-emoji's ${[...used].join(', ')}; update lazyHighlighter in scripts/build.mjs`);
        }
        return { contents: `export function get(name) { return require("${SIDE_DIR}node-emoji.cjs").get(name); }`, loader: 'js', resolveDir: ROOT };
      });
    },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const flag = process.argv.indexOf('--outdir');
  await buildCli(flag > 0 ? resolve(process.argv[flag + 1]) : undefined);
}
