import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Templates of submissions (test/fixtures/class/<exercise>/*.py), each saying what it does. */
const TEMPLATES = fileURLToPath(new URL('../fixtures/class/servidor-tcp/', import.meta.url));

/** A submission to generate: a file `name` (or `name/<program>` for a folder) from a template. */
export interface Planned {
  name: string;
  template?: string;
  /** For folder submissions: relative path -> template (or literal text with `text:`). */
  files?: Record<string, string>;
  /** Raw bytes instead of a template (e.g. not UTF-8). */
  bytes?: Buffer;
}

export interface ClassFolder {
  dir: string;
  remove(): void;
}

export function render(template: string, vars: Record<string, string>): string {
  let text = readFileSync(join(TEMPLATES, template), 'utf8');
  for (const [name, value] of Object.entries(vars)) text = text.split(`{{${name}}}`).join(value);
  return text;
}

/** Writes a class folder in a fresh temporary folder from the plan. */
export function makeClass(plan: Planned[], vars: Record<string, string>): ClassFolder {
  const dir = mkdtempSync(join(tmpdir(), 'taller-sockets-clase-'));
  for (const item of plan) {
    if (item.files) {
      mkdirSync(join(dir, item.name), { recursive: true });
      for (const [path, source] of Object.entries(item.files)) {
        mkdirSync(join(dir, item.name, path, '..'), { recursive: true });
        writeFileSync(join(dir, item.name, path), source.startsWith('text:') ? source.slice(5) : render(source, vars));
      }
    } else if (item.bytes) {
      writeFileSync(join(dir, item.name), item.bytes);
    } else {
      writeFileSync(join(dir, item.name), render(item.template!, vars));
    }
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Every file under `dir`, relative, with its size: to see that grading changed nothing there. */
export function snapshot(dir: string): string[] {
  const walk = (path: string): string[] =>
    statSync(path).isDirectory()
      ? readdirSync(path).flatMap((name) => walk(join(path, name)))
      : [`${relative(dir, path)} ${statSync(path).size}`];
  return walk(dir).sort();
}

/** A TCP listener on the machine's loopback counting who reaches it: submissions must not, in a private network. */
export async function startCanary(): Promise<{ port: number; connections: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.on('error', () => undefined);
    socket.resetAndDestroy();
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, connections: () => count, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const TEACHER_HOME = homedir();

/** One JSON report row. */
export interface JsonRow {
  name: string;
  status: 'pass' | 'fail' | 'error';
  passed: number;
  total: number;
  message: string;
  seconds: number;
}
