import { formatEndpoint, SOCK_DGRAM, SOCK_STREAM, type AuditEvent } from './audit-hook.js';
import { CHATTY_BYTES, FLOOD_BYTES, type ProcessEnd } from './learner-process.js';
import type { Transport } from './port-choice.js';
import { describeException, parseTraceback, type LearnerException } from './python-traceback.js';

/**
 * Diagnosis as pure functions: what the program did (a snapshot of its process and the socket
 * calls the audit hook saw) in, Spanish lines out. No sockets, no processes, no clock: unit
 * tested without Python (test/grader/diagnosis.unit.test.ts).
 */

/** Where the grader expects the program: the address of this run. */
export interface Expected {
  transport: Transport;
  host: string;
  port: number;
  /** The document's port (what a program reads when PUERTO is missing). */
  defaultPort: number;
  /** Why this run's port is not the document's, when it is not. */
  portNote?: string;
  /** Who the learner's program is (a client binding the server's port is told something else than a server). */
  role?: 'server' | 'client';
}

/** The learner's process as seen at one moment. */
export interface ProgramSnapshot {
  file: string;
  fileName: string;
  end?: ProcessEnd;
  flooded: boolean;
  /** Bytes printed so far (kept or not). */
  totalBytes: number;
  spawnError?: string;
  /** The end of stderr (where the traceback is). */
  stderr: string;
  /** The program's source, when it could be read (a traceback's line is matched against it). */
  source?: string;
}

export interface ProgramState {
  lines: string[];
  exception?: LearnerException;
}

const socketType = (transport: Transport): number => (transport === 'tcp' ? SOCK_STREAM : SOCK_DGRAM);

export function eventsOf(events: AuditEvent[], event: AuditEvent['event'], type?: number): AuditEvent[] {
  return events.filter((entry) => entry.event === event && (type === undefined || entry.type === type));
}

/** Lines about the program: flooding, or how it ended and its exception explained. */
export function describeProgramState(program: ProgramSnapshot, events: AuditEvent[], expected: Pick<Expected, 'transport' | 'port' | 'role'>): ProgramState {
  if (program.flooded) {
    return {
      lines: [
        `Tu programa escribió más de ${FLOOD_BYTES / 1024 / 1024} MB por pantalla y lo he detenido: ` +
          "¿un print() dentro de un bucle que no termina? Por ejemplo, seguir leyendo cuando recv() ya devolvió b'' (falta if not data: break).",
      ],
    };
  }
  if (!program.end && program.totalBytes > CHATTY_BYTES) {
    return { lines: [`Además, tu programa ya ha escrito ${Math.round(program.totalBytes / 1024)} KB por pantalla: ¿un print() dentro de un bucle que no termina?`] };
  }
  if (program.spawnError) return { lines: [`No pude ejecutar Python: ${program.spawnError}`] };
  const end = program.end;
  if (!end) return threadFailure(program);
  if (end.killedByUs) return { lines: [] };
  const exception = parseTraceback(program.stderr, program.file);
  const how = end.code !== null ? `con código ${end.code}` : `por la señal ${end.signal}`;
  const lines = [`Tu programa terminó ${how}.`];
  if (exception) {
    // "Address already in use" would blame another program: here the program collided with itself.
    const better =
      clientBindExplanation(exception, events, expected) ??
      doubleBindExplanation(exception, events, expected.transport) ??
      listeningSocketExplanation(exception, program.source);
    lines.push(...describeException(better ? { ...exception, explanation: better } : exception, program.fileName));
  }
  return { lines, exception };
}

/**
 * A program still running whose thread died with an exception (Python prints it and the other
 * threads go on): its traceback names the cause. A socket closed under a thread gets its own words.
 */
function threadFailure(program: ProgramSnapshot): ProgramState {
  if (!/^Exception in thread /m.test(program.stderr)) return { lines: [] };
  const exception = parseTraceback(program.stderr, program.file);
  if (!exception?.inThread) return { lines: [] };
  const closed = /OSError|ValueError/.test(exception.type) && /[Bb]ad file descriptor|closed socket|I\/O operation on closed|fileno|-1/.test(exception.message);
  const explanation = closed
    ? `El hilo ${exception.inThread} usó un socket que ya estaba cerrado${exception.code ? ` (${exception.code.trim()})` : ''}: lo cerró otro hilo. ` +
      'Un with conn: en el hilo principal cierra conn en cuanto arranca el hilo, y una variable global conn la cambia el siguiente accept(). ' +
      'Pasa conn al hilo como argumento (threading.Thread(target=atender, args=(conn,))) y ciérralo solo dentro del hilo.'
    : exception.explanation;
  return {
    lines: ['Un hilo de tu programa terminó con una excepción (el resto del programa sigue en marcha):', ...describeException({ ...exception, explanation }, program.fileName)],
    exception: { ...exception, explanation },
  };
}

/**
 * Data sent or read on the listening socket: the failing line uses, for send/recv, the very name
 * the program called listen() on (Linux answers a send there with EPIPE, elsewhere ENOTCONN).
 */
export function listeningSocketExplanation(exception: LearnerException, source: string | undefined): string | undefined {
  if (!source || !/BrokenPipeError|OSError/.test(exception.type)) return undefined;
  const used = /^\s*(\w+)\.(sendall|send|recv)\(/.exec(exception.code ?? '');
  if (!used || !new RegExp(`\\b${used[1]}\\.listen\\(`).test(source)) return undefined;
  return `${used[1]} es el socket que escucha: solo acepta conexiones (accept()), no transmite datos. ` +
    `Los datos van por la conexión que devuelve accept(): conn, addr = ${used[1]}.accept() y después conn.${used[2]}(...).`;
}

/** A client that bound the server's port: the advice is to not bind at all, never SO_REUSEADDR. */
export function clientBindExplanation(exception: LearnerException, events: AuditEvent[], expected: Pick<Expected, 'transport' | 'port' | 'role'>): string | undefined {
  if (expected.role !== 'client' || !/OSError/.test(exception.type) || !/[Aa]ddress already in use/.test(exception.message)) return undefined;
  if (!eventsOf(events, 'bind', socketType(expected.transport)).some((event) => event.port === expected.port)) return undefined;
  return `Tu cliente hizo bind() en el puerto del servidor (${expected.port}), que ya usa el servidor. Un cliente no necesita bind(): ` +
    `${expected.transport === 'tcp' ? 'connect()' : 'sendto()'} le da un puerto libre. Quita el bind().`;
}

/** It binds all interfaces when HOST asks for loopback: reachable from every network the computer is on. */
export function exposedLines(events: AuditEvent[], expected: Expected): string[] {
  const everywhere = eventsOf(events, 'bind', socketType(expected.transport)).find(
    (event) => event.port === expected.port && ['', '0.0.0.0', '::'].includes(event.host) && !['', '0.0.0.0', '::'].includes(expected.host),
  );
  if (!everywhere) return [];
  const shown = everywhere.host === '' ? "'' (0.0.0.0)" : everywhere.host;
  return [
    `Tu programa hizo bind() en ${shown}, es decir, en todas las interfaces, y no en HOST (${expected.host}).`,
    'Así tu servidor queda expuesto a todas las redes a las que está conectada la computadora (la wifi, la red del laboratorio): ' +
      'cualquiera en ellas podría conectarse, no solo los programas de esta computadora.',
    `Vincula solo a HOST: s.bind((HOST, PORT)), con HOST = os.environ.get('HOST', '${expected.host}').`,
  ];
}

/** Several bind() to the server's port: a new listening socket per client, so nobody listens while one is served. */
export function listensPerClientLines(events: AuditEvent[], expected: Expected): string[] {
  const binds = eventsOf(events, 'bind', SOCK_STREAM).filter((event) => isExpectedPlace(event, expected)).length;
  if (expected.transport !== 'tcp' || binds < 2) return [];
  return [
    `Tu servidor crea un socket de escucha nuevo para cada cliente (llamó ${binds} veces a bind()): mientras atiende a uno, nadie escucha y el siguiente es rechazado.`,
    'Crea el socket, haz bind() y listen() una sola vez, antes del bucle de accept().',
  ];
}

/** When bind() failed because the program had already bound that same address itself. */
export function doubleBindExplanation(exception: LearnerException, events: AuditEvent[], transport: Transport): string | undefined {
  if (!/OSError/.test(exception.type) || !/[Aa]ddress already in use|[Ii]nvalid argument/.test(exception.message)) return undefined;
  const repeated = eventsOf(events, 'bind', socketType(transport)).find((event) => event.again);
  if (!repeated) return undefined;
  const where = formatEndpoint(repeated.host, repeated.port);
  return repeated.again === 'same-socket'
    ? `Tu programa llamó dos veces a bind() con ${where} sobre el mismo socket: cada socket se vincula una sola vez. Quita el segundo bind().`
    : `Tu programa llamó dos veces a bind() con ${where}, con dos sockets: el segundo choca con el primero, que ya tiene ese puerto. ` +
        'Usa un solo socket: s.bind((HOST, PORT)) y después s.listen() sobre ese mismo s.';
}

/** Addresses that serve HOST:PUERTO (all interfaces included: whether that is allowed is its own test). */
export function isExpectedPlace(place: { host: string; port?: number }, expected: Pick<Expected, 'host' | 'port'>): boolean {
  return place.port === expected.port && ['127.0.0.1', 'localhost', '', '0.0.0.0', '::', '::ffff:127.0.0.1', expected.host].includes(place.host);
}

/** Where the program tried to bind its server socket, when not where expected (from the audit: works after it ended). */
export function boundElsewhere(events: AuditEvent[], expected: Expected): { host: string; port: number | undefined }[] {
  return eventsOf(events, 'bind', socketType(expected.transport))
    .filter((event) => event.port !== 0 && !isExpectedPlace(event, expected))
    .map((event) => ({ host: event.host, port: event.port }));
}

/** It bound the right address with one socket and listened with another. */
export function listenedOnAnotherSocket(events: AuditEvent[], expected: Expected, listening: { host: string; port: number }[]): string[] | undefined {
  if (expected.transport !== 'tcp' || !eventsOf(events, 'bind', SOCK_STREAM).some((event) => isExpectedPlace(event, expected))) return undefined;
  const where = [...new Set(listening.map((place) => formatEndpoint(place.host, place.port)))].join(' y ');
  return [
    `Tu programa hizo bind() en ${formatEndpoint(expected.host, expected.port)}, pero llamó a listen() en otro socket, que escucha en ${where}.`,
    'bind() y listen() van sobre el mismo socket: s.bind((HOST, PORT)) y después s.listen(), los dos con s.',
  ];
}

/**
 * "You listen on X, not on Y". `attempted`: the places come from the audit (bind() calls, which
 * may have failed), not from the OS's table of live sockets.
 */
export function wrongPlaceLines(places: { host: string; port: number | undefined }[], expected: Expected, attempted = false): string[] {
  if (!places.length) return [];
  const where = [...new Set(places.map((place) => formatEndpoint(place.host, place.port)))].join(' y ');
  const verb = attempted ? 'hizo bind() en' : expected.transport === 'tcp' ? 'escucha en' : 'está vinculado a';
  return [
    `Tu programa ${verb} ${where}, pero debía hacerlo en ${formatEndpoint(expected.host, expected.port)}.`,
    ...portAdvice(places.map((place) => place.port), expected),
  ];
}

/** Why the port is PUERTO and how to read it. */
export function portAdvice(usedPorts: (number | undefined)[], expected: Expected): string[] {
  if (usedPorts.every((port) => port === expected.port)) {
    return [`El puerto es el correcto; revisa la dirección: usa HOST (vale ${expected.host}).`];
  }
  const why = expected.portNote ? `${expected.portNote} ` : '';
  if (expected.port !== expected.defaultPort && usedPorts.includes(expected.defaultPort)) {
    return [
      `${why}Tu programa no leyó la variable PUERTO (vale ${expected.port}): usó el puerto del documento, ${expected.defaultPort}. ` +
        `Léelo así: PORT = int(os.environ.get('PUERTO', '${expected.defaultPort}')).`,
    ];
  }
  return [
    `${why}Lee el puerto de la variable de entorno PUERTO (vale ${expected.port}): ` +
      `PORT = int(os.environ.get('PUERTO', '${expected.defaultPort}')).`,
  ];
}

/** Client exercises: where the program tried to connect or send, when not where expected. */
export function wentElsewhereLines(events: AuditEvent[], event: 'connect' | 'sendto', expected: Expected): string[] {
  const wrong = eventsOf(events, event, socketType(expected.transport)).filter(
    (entry) => entry.port !== expected.port || !['127.0.0.1', 'localhost', expected.host].includes(entry.host),
  );
  if (!wrong.length) return [];
  const where = [...new Set(wrong.map((entry) => formatEndpoint(entry.host, entry.port)))].join(' y ');
  const verb = event === 'connect' ? 'intentó conectarse a' : 'envió su datagrama a';
  return [
    `Tu programa ${verb} ${where}, pero el taller escuchaba en ${formatEndpoint(expected.host, expected.port)}.`,
    ...portAdvice(wrong.map((entry) => entry.port), expected),
  ];
}

/** The program's CPU time at a moment (see busyLine). */
export interface CpuReading {
  cpuMs: number;
  running: boolean;
  at: number;
}

/**
 * A program still running that spent this test computing (a loop that never ends: it neither
 * answers nor waits in recv()) gets a line saying so: "no llegó nada" alone would send the
 * learner looking at sendall(). A program waiting in recv() uses next to no CPU; a loop gets at
 * least its share of a loaded machine (hence a tenth, not all of the time: in CI three test
 * files and their programs share two cores), and is running now.
 */
export function busyLine(start: CpuReading, now: CpuReading): string[] {
  const wall = now.at - start.at;
  const used = now.cpuMs - start.cpuMs;
  if (!now.running || wall < 1000 || used < wall / 10) return [];
  return ['Tu programa sigue en marcha, usando la CPU sin parar: ¿un bucle que no termina? Por ejemplo, un while True sin recv() ni break dentro.'];
}

/** The program ended by itself, but `count` processes it started live on. */
export function leftBehindLine(count: number): string[] {
  if (!count) return [];
  const what = count === 1 ? '1 proceso' : `${count} procesos`;
  return [`Además, dejó en marcha ${what} que arrancó (con os.fork() o subprocess); el taller ${count === 1 ? 'lo detiene' : 'los detiene'} al acabar.`];
}
