import { dirname, basename } from 'node:path';
import { isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import type { DocumentPort, Lesson, Step } from './model.js';
import { contentLimitProblems, type FormatProblem } from './format-error.js';
import { scalarText, YamlBlock } from './yaml-block.js';
import { parseChecks } from './parse-checks.js';
import { closest } from '../text/closest.js';
import { validateVariantBlocks } from './variants.js';

import { DOCUMENT_PORTS } from './document-ports.js';

export { DOCUMENT_PORTS };

const FRONT_MATTER_KEYS = ['id', 'titulo', 'secciones', 'actores', 'extra', 'puertos', 'maquinas'];
const CHECKS_FENCE = 'comprobar';

interface Fence {
  info: string;
  body: string;
  /** File line of the opening fence. */
  line: number;
}

type Segment = { kind: 'text'; text: string } | { kind: 'fence'; fence: Fence };

export interface ParseResult {
  lesson?: Lesson;
  problems: FormatProblem[];
}

/**
 * Parses a lesson file: YAML front matter, an intro, then one `## ` heading per step. A step holds
 * its explanation, exactly one code fence labelled with its actor (```python servidor), an
 * optional ```comprobar fence of checks (YAML), and text shown after it runs.
 */
export function parseLesson(text: string, file: string): ParseResult {
  const tooLarge = contentLimitProblems(text, file);
  if (tooLarge.length) return { problems: tooLarge };
  const problems: FormatProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') {
    return { problems: [{ file, line: 1, message: 'falta la cabecera YAML: el archivo debe empezar con una línea «---»' }] };
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) {
    return { problems: [{ file, line: 1, message: 'la cabecera YAML no se cierra: falta la segunda línea «---»' }] };
  }
  const header = new YamlBlock(lines.slice(1, end).join('\n'), file, 2);
  const meta = readFrontMatter(header);
  problems.push(...header.problems);

  const bodyStart = end + 1;
  validateVariantBlocks(lines.slice(bodyStart), bodyStart + 1, file, problems);
  const sections = splitSteps(lines.slice(bodyStart), bodyStart + 1, file, problems);
  const steps: Step[] = [];
  for (const section of sections.steps) {
    // With a broken header the actors are unknown: do not blame every step for it.
    const step = buildStep(section, steps.length + 1, header.problems.length ? undefined : meta.actors, file, problems);
    if (step) steps.push(step);
  }
  if (sections.steps.length === 0) {
    problems.push({ file, line: bodyStart + 1, message: 'la lección no tiene pasos: cada paso empieza con una línea «## Título»' });
  }
  if (problems.length) return { problems };
  const usedActors = new Set(steps.map((step) => step.actor));
  for (const actor of meta.actors) {
    if (!usedActors.has(actor)) problems.push({ file, line: meta.actorsLine, field: 'actores', message: `el actor «${actor}» no ejecuta ningún paso` });
  }
  if (problems.length) return { problems };
  return {
    problems,
    lesson: {
      id: meta.id,
      title: meta.title,
      sections: meta.sections,
      actors: meta.actors,
      extra: meta.extra,
      ports: meta.ports ?? DOCUMENT_PORTS.filter(({ port }) => steps.some((step) => new RegExp(`\\b${port}\\b`).test(step.code))),
      ...(meta.machines ? { machines: meta.machines } : {}),
      intro: sections.intro.trim(),
      steps,
      file,
      folder: basename(dirname(file)),
    },
  };
}

interface FrontMatter {
  id: string;
  title: string;
  sections: string[];
  actors: string[];
  actorsLine: number;
  extra: boolean;
  ports?: DocumentPort[];
  machines?: Record<string, string>;
}

function readFrontMatter(block: YamlBlock): FrontMatter {
  const meta: FrontMatter = { id: '', title: '', sections: [], actors: [], actorsLine: block.firstLine, extra: false };
  const root = block.doc.contents;
  // Broken YAML hides what follows the mistake: report the mistake alone, not "missing" fields.
  if (block.problems.length) return meta;
  if (!isMap(root)) {
    block.problem(root, undefined, 'la cabecera debe ser un mapa YAML (clave: valor)');
    return meta;
  }
  const fields = new Map<string, Pair>();
  for (const pair of root.items) {
    const key = String((pair.key as Scalar).value);
    fields.set(key, pair);
    if (!FRONT_MATTER_KEYS.includes(key)) {
      const near = closest(key, FRONT_MATTER_KEYS, 1);
      block.problem(pair.key, key, `clave desconocida${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}; claves válidas: ${FRONT_MATTER_KEYS.join(', ')}`);
    }
  }
  const requiredText = (key: string): string => {
    const pair = fields.get(key);
    if (!pair) {
      block.problem(root, key, 'falta (es obligatorio)');
      return '';
    }
    if (!isScalar(pair.value) || scalarText(pair.value.value).trim() === '') {
      block.problem(pair.value ?? pair.key, key, 'debe ser un texto no vacío');
      return '';
    }
    return scalarText(pair.value.value);
  };
  const textList = (key: string): string[] => {
    const pair = fields.get(key);
    if (!pair) {
      block.problem(root, key, 'falta (es obligatorio): una lista como [servidor, cliente]');
      return [];
    }
    if (!isSeq(pair.value) || pair.value.items.length === 0) {
      block.problem(pair.value ?? pair.key, key, 'debe ser una lista no vacía');
      return [];
    }
    return pair.value.items.map((item) => {
      if (!isScalar(item) || scalarText(item.value).trim() === '') block.problem(item, key, 'cada elemento debe ser un texto');
      return String(isScalar(item) ? item.value : '');
    });
  };
  meta.id = requiredText('id');
  if (meta.id && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(meta.id)) {
    block.problem(fields.get('id')!.value, 'id', `«${meta.id}» no es válido: usa minúsculas, números y guiones (p. ej. crear-socket)`);
  }
  meta.title = requiredText('titulo');
  meta.sections = textList('secciones');
  meta.actors = textList('actores');
  meta.actorsLine = block.lineOf(fields.get('actores')?.value);
  for (const actor of meta.actors) {
    if (actor && !/^[a-z][a-z0-9-]*$/.test(actor)) block.problem(fields.get('actores')!.value, 'actores', `«${actor}» no es un nombre de actor válido (minúsculas, p. ej. servidor)`);
  }
  const extra = fields.get('extra');
  if (extra) {
    if (isScalar(extra.value) && typeof extra.value.value === 'boolean') meta.extra = extra.value.value;
    else block.problem(extra.value, 'extra', 'debe ser true o false');
  }
  const ports = fields.get('puertos');
  if (ports) meta.ports = readPorts(block, ports);
  const machines = fields.get('maquinas');
  if (machines) meta.machines = readMachines(block, machines, meta.actors);
  return meta;
}

/** `maquinas: {servidor: A, cliente: B}`: the host of every actor; at most two hosts. */
function readMachines(block: YamlBlock, pair: Pair, actors: string[]): Record<string, string> | undefined {
  if (!isMap(pair.value)) {
    block.problem(pair.value ?? pair.key, 'maquinas', 'debe ser un mapa actor: máquina, p. ej. {servidor: A, cliente: B}');
    return undefined;
  }
  const machines: Record<string, string> = {};
  let ok = true;
  for (const item of pair.value.items) {
    const actor = String((item.key as Scalar).value);
    const host = isScalar(item.value) ? scalarText(item.value.value) : '';
    if (!actors.includes(actor)) {
      const near = closest(actor, actors, 1);
      block.problem(item.key, 'maquinas', `«${actor}» no está en «actores»${near.length ? ` (¿quisiste decir «${near[0]}»?)` : ''}`);
      ok = false;
    } else if (!/^[A-Za-z][A-Za-z0-9]{0,9}$/.test(host)) {
      block.problem(item.value ?? item.key, 'maquinas', `«${host}» no es un nombre de máquina válido: usa letras y números, p. ej. A`);
      ok = false;
    } else {
      machines[actor] = host;
    }
  }
  for (const actor of actors) {
    if (ok && !(actor in machines)) {
      block.problem(pair.value, 'maquinas', `falta la máquina del actor «${actor}»`);
      ok = false;
    }
  }
  if (ok && new Set(Object.values(machines)).size > 2) {
    block.problem(pair.value, 'maquinas', 'una lección puede usar como mucho dos máquinas');
    ok = false;
  }
  return ok ? machines : undefined;
}

function readPorts(block: YamlBlock, pair: Pair): DocumentPort[] {
  if (!isSeq(pair.value)) {
    block.problem(pair.value, 'puertos', 'debe ser una lista como [65432/tcp, 9999/udp]');
    return [];
  }
  const ports: DocumentPort[] = [];
  for (const item of pair.value.items) {
    const match = isScalar(item) ? /^(\d{1,5})\/(tcp|udp)$/.exec(String(item.value)) : null;
    const port = match ? Number(match[1]) : 0;
    if (!match || port < 1 || port > 65535) block.problem(item, 'puertos', `«${isScalar(item) ? String(item.value) : '?'}» no es válido: escribe puerto/protocolo, p. ej. 65432/tcp`);
    else ports.push({ port, protocol: match[2] as 'tcp' | 'udp' });
  }
  return ports;
}

interface RawStep {
  title: string;
  line: number;
  segments: Segment[];
}

function splitSteps(lines: string[], firstLine: number, file: string, problems: FormatProblem[]): { intro: string; steps: RawStep[] } {
  let intro = '';
  const steps: RawStep[] = [];
  let open: { marker: string; info: string; line: number; body: string[] } | undefined;
  const addText = (text: string): void => {
    const current = steps.at(-1);
    if (!current) {
      intro += `${text}\n`;
      return;
    }
    const last = current.segments.at(-1);
    if (last?.kind === 'text') last.text += `${text}\n`;
    else current.segments.push({ kind: 'text', text: `${text}\n` });
  };
  lines.forEach((line, index) => {
    const lineNumber = firstLine + index;
    if (open) {
      const trimmed = line.trim();
      if (trimmed.length >= open.marker.length && trimmed === open.marker[0]!.repeat(trimmed.length)) {
        const fence: Fence = { info: open.info, body: open.body.join('\n'), line: open.line };
        if (steps.length && isStepFence(fence)) steps.at(-1)!.segments.push({ kind: 'fence', fence });
        else addText([`${open.marker}${open.info}`, ...open.body, line].join('\n'));
        open = undefined;
      } else {
        open.body.push(line);
      }
      return;
    }
    const fenceStart = /^(`{3,}|~{3,})\s*(.*)$/.exec(line);
    if (fenceStart) {
      open = { marker: fenceStart[1]!, info: fenceStart[2]!.trim(), line: lineNumber, body: [] };
      return;
    }
    const heading = /^##\s+(.*\S)\s*$/.exec(line);
    if (heading) {
      steps.push({ title: heading[1]!, line: lineNumber, segments: [] });
      return;
    }
    addText(line);
  });
  if (open) problems.push({ file, line: open.line, message: `este bloque de código no se cierra: falta la línea «${open.marker}»` });
  return { intro, steps };
}

function isStepFence(fence: Fence): boolean {
  const [language, actor] = fence.info.split(/\s+/);
  return (language === 'python' && actor !== undefined) || language === CHECKS_FENCE;
}

function buildStep(raw: RawStep, number: number, actors: string[] | undefined, file: string, problems: FormatProblem[]): Step | undefined {
  const codeFences = raw.segments.flatMap((segment, index) =>
    segment.kind === 'fence' && segment.fence.info.startsWith('python') ? [{ fence: segment.fence, index }] : []);
  const checkFences = raw.segments.flatMap((segment, index) =>
    segment.kind === 'fence' && segment.fence.info === CHECKS_FENCE ? [{ fence: segment.fence, index }] : []);
  const where = `paso ${number} («${raw.title}»)`;
  if (codeFences.length !== 1) {
    problems.push({
      file,
      line: codeFences[1]?.fence.line ?? raw.line,
      message: codeFences.length === 0
        ? `${where}: falta el código del paso, un bloque «\`\`\`python servidor» (o el actor que corresponda)`
        : `${where}: tiene ${codeFences.length} bloques de código ejecutable; cada paso ejecuta uno solo`,
    });
    return undefined;
  }
  if (checkFences.length > 1) {
    problems.push({ file, line: checkFences[1]!.fence.line, message: `${where}: tiene más de un bloque «\`\`\`comprobar»` });
    return undefined;
  }
  const { fence: codeFence, index: codeIndex } = codeFences[0]!;
  const actor = codeFence.info.split(/\s+/)[1]!;
  if (actors && !actors.includes(actor)) {
    const near = closest(actor, actors, 1);
    problems.push({
      file, line: codeFence.line, field: 'actor',
      message: `«${actor}» no está en «actores» de la cabecera (${actors.join(', ')})${near.length ? `; ¿quisiste decir «${near[0]}»?` : ''}`,
    });
  }
  if (!codeFence.body.trim()) problems.push({ file, line: codeFence.line, message: `${where}: el bloque de código está vacío` });
  let checks: Step['checks'] = [];
  const checkFence = checkFences[0];
  if (checkFence) {
    if (checkFence.index < codeIndex) {
      problems.push({ file, line: checkFence.fence.line, message: `${where}: el bloque «comprobar» va después del código` });
    }
    const block = new YamlBlock(checkFence.fence.body, file, checkFence.fence.line + 1);
    if (!block.problems.length) checks = parseChecks(block, actors ?? []);
    problems.push(...block.problems);
  }
  const textOf = (from: number, to: number): string =>
    raw.segments.slice(from, to).map((segment) => (segment.kind === 'text' ? segment.text : '')).join('').trim();
  return {
    number,
    title: raw.title,
    actor,
    explanation: textOf(0, codeIndex),
    code: codeFence.body.replace(/\s+$/, ''),
    after: textOf(codeIndex + 1, raw.segments.length),
    checks,
    line: raw.line,
    codeLine: codeFence.line + 1,
  };
}
