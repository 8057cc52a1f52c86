import { isMap, isScalar, isSeq, type Pair, type Scalar } from 'yaml';
import type { Check, SocketField } from './model.js';
import { scalarText, type YamlBlock } from './yaml-block.js';
import { closest } from '../text/closest.js';
import { KIND_ALIASES, SEGMENT_KINDS } from './segment-kinds.js';
import { parseCondition } from './variants.js';

const FAMILIES = ['AF_INET', 'AF_INET6', 'AF_UNIX'];
const TYPES = ['SOCK_STREAM', 'SOCK_DGRAM', 'SOCK_RAW'];
const TCP_STATES = [
  'LISTEN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'CLOSING', 'ninguno',
];

/** The check vocabulary: the key that names the kind, and the keys each kind accepts. */
const KINDS: Record<string, string[]> = {
  sin_error: [],
  error: ['mensaje'],
  salida: ['flujo'],
  valor: [],
  socket: ['actor', 'familia', 'tipo', 'local', 'remoto', 'escuchando', 'cerrado'],
  sonda: ['puerto', 'host', 'espera', 'mensaje'],
  estado_tcp: ['local', 'remoto', 'socket', 'actor'],
  bloquea: [],
  paquetes: ['exactos', 'de'],
  handshake_antes_de_accept: [],
  primer_fin: [],
  requiere: [],
};
/** Checks written as a single word. */
const WORDS: Record<string, Check['kind']> = { bloquea: 'blocks', sin_error: 'no-error', handshake_antes_de_accept: 'handshake-before-accept' };
const COMMON_KEYS = ['texto', 'solo'];

/** Parses the YAML list of a `comprobar` block into checks, reporting each mistake with its line. */
export function parseChecks(block: YamlBlock, actors: string[]): Check[] {
  const root = block.doc.contents;
  if (root === null) return [];
  if (!isSeq(root)) {
    block.problem(root, 'comprobar', 'debe ser una lista YAML: cada comprobación empieza con «- »');
    return [];
  }
  const checks: Check[] = [];
  for (const item of root.items) {
    const check = parseOne(block, item, actors);
    if (check) checks.push(check);
  }
  return checks;
}

function parseOne(block: YamlBlock, item: unknown, actors: string[]): Check | undefined {
  const line = block.lineOf(item);
  if (isScalar(item)) {
    const word = String(item.value);
    const kind = WORDS[word];
    if (kind) return { kind, line } as Check;
    block.problem(item, undefined, `comprobación desconocida «${word}»${suggest(word, Object.keys(KINDS))}`);
    return undefined;
  }
  if (!isMap(item)) {
    block.problem(item, undefined, `cada comprobación es una palabra (${Object.keys(WORDS).join(', ')}) o un mapa «clave: valor»`);
    return undefined;
  }
  const map = item;
  const fields = new Map<string, Pair>();
  for (const pair of map.items) fields.set(String((pair.key as Scalar).value), pair);
  const kind = [...fields.keys()].find((key) => key in KINDS);
  if (!kind) {
    const first = [...fields.keys()][0] ?? '';
    block.problem(item, first, `no es un tipo de comprobación${suggest(first, Object.keys(KINDS))}. ` +
      `Tipos: ${Object.keys(KINDS).join(', ')}`);
    return undefined;
  }
  const allowed = new Set([kind, ...KINDS[kind]!, ...COMMON_KEYS]);
  let ok = true;
  for (const [key, pair] of fields) {
    if (!allowed.has(key)) {
      block.problem(pair.key, key, `no se admite en «${kind}»${suggest(key, [...allowed])}`);
      ok = false;
    }
  }
  const read = new FieldReader(block, fields);
  const text = read.string('texto');
  let check: Check | undefined;
  switch (kind) {
    case 'sin_error':
      check = { kind: 'no-error', text, line };
      break;
    case 'bloquea':
      check = { kind: 'blocks', text, line };
      break;
    case 'handshake_antes_de_accept':
      check = { kind: 'handshake-before-accept', text, line };
      break;
    case 'primer_fin': {
      const actor = read.oneOf('primer_fin', actors);
      if (actor) check = { kind: 'first-fin', actor, text, line };
      break;
    }
    case 'requiere':
    {
      const what = read.oneOf('requiere', ['dos_maquinas', 'ipv6', 'unix']) as 'dos_maquinas' | 'ipv6' | 'unix' | undefined;
      if (what) check = { kind: 'requires', what, text, line };
    }
      break;
    case 'paquetes': {
      const expect = readSegmentKinds(block, fields.get('paquetes')!);
      const exact = read.boolean('exactos') ?? false;
      const from = read.oneOf('de', actors);
      if (expect) check = { kind: 'packets', expect, exact: exact || expect.length === 0, from, text, line };
      else read.failed = true;
      break;
    }
    case 'error':
      check = { kind: 'error', exception: read.required('error', /^[A-Za-z_][\w.]*$/, 'el nombre de una excepción, p. ej. TypeError'), message: read.string('mensaje'), text, line };
      break;
    case 'salida': {
      const stream = read.oneOf('flujo', ['stdout', 'stderr']) ?? 'stdout';
      check = { kind: 'output', contains: read.required('salida'), stream: stream as 'stdout' | 'stderr', text, line };
      break;
    }
    case 'valor':
      check = { kind: 'value', contains: read.required('valor'), text, line };
      break;
    case 'socket': {
      const actor = read.oneOf('actor', actors);
      const expect: Partial<Record<SocketField, string | boolean>> = {};
      const family = read.oneOf('familia', FAMILIES);
      if (family) expect.familia = family;
      const type = read.oneOf('tipo', TYPES);
      if (type) expect.tipo = type;
      for (const field of ['local', 'remoto'] as const) {
        const value = read.string(field);
        if (value !== undefined) expect[field] = value;
      }
      for (const field of ['escuchando', 'cerrado'] as const) {
        const value = read.boolean(field);
        if (value !== undefined) expect[field] = value;
      }
      check = { kind: 'socket', name: read.required('socket', /^[A-Za-z_][\w[\]'"]*$/, 'el nombre de una variable de Python'), actor, expect, text, line };
      break;
    }
    case 'sonda': {
      const protocol = read.oneOf('sonda', ['tcp', 'udp']) as 'tcp' | 'udp' | undefined;
      const expectations = protocol === 'udp' ? ['llega', 'rechaza'] : ['conecta', 'rechaza'];
      const expected = read.oneOf('espera', expectations);
      const port = read.port('puerto');
      if (protocol && expected && port !== undefined) {
        check = {
          kind: 'probe', protocol, port, expect: expected as 'conecta' | 'rechaza' | 'llega',
          host: readProbeHost(read) ?? '127.0.0.1',
          payload: read.string('mensaje') ?? 'sonda de taller-sockets', text, line,
        };
      } else {
        if (expected === undefined && !fields.has('espera')) block.problem(item, 'espera', `falta; usa ${expectations.join(' o ')}`);
        if (port === undefined && !fields.has('puerto')) block.problem(item, 'puerto', 'falta el puerto al que conectar');
      }
      break;
    }
    case 'estado_tcp': {
      const states = read.oneOrMoreOf('estado_tcp', TCP_STATES);
      const localPort = read.port('local');
      const remotePort = read.port('remoto');
      const socketName = read.string('socket');
      const actor = read.oneOf('actor', actors);
      if (!['local', 'remoto', 'socket'].some((key) => fields.has(key))) {
        block.problem(item, 'estado_tcp', 'indica de qué conexión: «local: 65432», «remoto: 65432» o «socket: conn»');
      } else if (states.length) {
        check = { kind: 'tcp-state', states, localPort, remotePort, socket: socketName, actor, text, line };
      }
      break;
    }
  }
  const only = readOnly(read);
  if (check && only) check.only = only;
  return ok && !read.failed ? check : undefined;
}

/** `solo: windows` / `solo: python<3.10`: the check applies there only (see variants.ts). */
function readOnly(read: FieldReader): Check['only'] {
  const value = read.string('solo');
  if (value === undefined) return undefined;
  const { condition, problem } = parseCondition(value);
  if (problem) read.reject('solo', problem);
  return condition;
}

/** Loopback, or `$IP_A`: the address of one of the lesson's hosts (only reachable inside its private network). */
function readProbeHost(read: FieldReader): string | undefined {
  const loopback = ['127.0.0.1', '::1', 'localhost'];
  const value = read.string('host');
  if (value === undefined || /^\$IP_[A-Za-z][A-Za-z0-9]*$/.test(value)) return value;
  if (loopback.includes(value)) return value;
  read.reject('host', `«${value}» no es válido${suggest(value, loopback)}; valores posibles: ${loopback.join(', ')} o $IP_<máquina>`);
  return undefined;
}

/** `[SYN, SYN-ACK, ACK]` (aliases such as FIN-ACK accepted) or `ninguno` (the step sent nothing). */
function readSegmentKinds(block: YamlBlock, pair: Pair): string[] | undefined {
  const words = [...SEGMENT_KINDS, ...Object.keys(KIND_ALIASES)];
  if (isScalar(pair.value) && pair.value.value === 'ninguno') return [];
  if (!isSeq(pair.value) || !pair.value.items.length) {
    block.problem(pair.value ?? pair.key, 'paquetes', `debe ser una lista como [SYN, SYN-ACK, ACK], o «ninguno»; tipos: ${SEGMENT_KINDS.join(', ')}`);
    return undefined;
  }
  const kinds: string[] = [];
  let ok = true;
  for (const item of pair.value.items) {
    const word = isScalar(item) ? String(item.value).toUpperCase() : '';
    const kind = KIND_ALIASES[word] ?? (SEGMENT_KINDS as readonly string[]).find((candidate) => candidate === word);
    if (kind) {
      kinds.push(kind);
    } else {
      ok = false;
      const written = isScalar(item) ? String(item.value) : '?';
      block.problem(item, 'paquetes', `«${written}» no es un tipo de segmento${suggest(written.toUpperCase(), words)}; tipos: ${SEGMENT_KINDS.join(', ')}`);
    }
  }
  return ok ? kinds : undefined;
}

function suggest(word: string, options: string[]): string {
  const near = closest(word, options, 1);
  return near.length ? ` (¿quisiste decir «${near[0]}»?)` : '';
}

/** Reads typed values from a check's fields, recording a problem (with its line) for each bad one. */
class FieldReader {
  failed = false;

  constructor(
    private readonly block: YamlBlock,
    private readonly fields: Map<string, Pair>,
  ) {}

  private scalar(key: string): { value: unknown; node: unknown } | undefined {
    const pair = this.fields.get(key);
    if (!pair) return undefined;
    if (!isScalar(pair.value)) {
      this.fail(pair.value ?? pair.key, key, 'debe ser un valor simple (texto, número o true/false)');
      return undefined;
    }
    return { value: pair.value.value, node: pair.value };
  }

  reject(key: string, message: string): void {
    const pair = this.fields.get(key);
    this.fail(pair?.value ?? pair?.key, key, message);
  }

  private fail(node: unknown, key: string, message: string): void {
    this.failed = true;
    this.block.problem(node, key, message);
  }

  string(key: string): string | undefined {
    const found = this.scalar(key);
    if (!found) return undefined;
    if (found.value === null || found.value === '') {
      this.fail(found.node, key, 'está vacío');
      return undefined;
    }
    return scalarText(found.value);
  }

  required(key: string, pattern?: RegExp, describe?: string): string {
    const value = this.string(key);
    if (value !== undefined && pattern && !pattern.test(value)) {
      this.fail(this.fields.get(key)!.value, key, `«${value}» no es válido: se espera ${describe}`);
    }
    return value ?? '';
  }

  oneOf(key: string, options: string[]): string | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if (!options.includes(value)) {
      this.fail(this.fields.get(key)!.value, key, `«${value}» no es válido${suggest(value, options)}; valores posibles: ${options.join(', ')}`);
      return undefined;
    }
    return value;
  }

  /** One value or a YAML list of them, each from the options. */
  oneOrMoreOf(key: string, options: string[]): string[] {
    const pair = this.fields.get(key);
    if (pair && isSeq(pair.value)) {
      const values = pair.value.items.map((item) => (isScalar(item) ? String(item.value) : ''));
      const wrong = values.find((value) => !options.includes(value));
      if (wrong !== undefined || !values.length) {
        this.fail(pair.value, key, `«${wrong ?? ''}» no es válido${suggest(wrong ?? '', options)}; valores posibles: ${options.join(', ')}`);
        return [];
      }
      return values;
    }
    const single = this.oneOf(key, options);
    return single === undefined ? [] : [single];
  }

  boolean(key: string): boolean | undefined {
    const found = this.scalar(key);
    if (!found) return undefined;
    if (typeof found.value !== 'boolean') {
      this.fail(found.node, key, 'debe ser true o false');
      return undefined;
    }
    return found.value;
  }

  port(key: string): number | undefined {
    const found = this.scalar(key);
    if (!found) return undefined;
    const value = found.value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 65535) {
      this.fail(found.node, key, `«${String(value)}» no es un puerto: debe ser un entero entre 1 y 65535`);
      return undefined;
    }
    return value;
  }
}
