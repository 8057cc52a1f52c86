import { accessSync, constants, existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packageRoot } from '../../../package-root.js';
import type { CheckResult } from './doctor-check.js';

const ID = 'launcher';
const TITLE = 'Comando taller-sockets';

/**
 * Whether `taller-sockets` will start again the way it was started now. npm links the package's bin
 * (node_modules/.bin, a global or `npm link` install) to dist/cli/main.js and the shell runs that file
 * itself, so it needs its execute bit and its `#!` line; a rebuild that dropped either breaks
 * `npx taller-sockets` with «Permission denied» while `node dist/cli/main.js` still works.
 */
export async function checkLauncher(): Promise<CheckResult> {
  const root = packageRoot();
  const bin = binFile(root);
  const shown = relative(process.cwd(), bin) || bin;
  if (!existsSync(bin)) {
    return { id: ID, title: TITLE, status: 'failure', message: `falta ${shown}: el taller no está compilado`, fix: 'Ejecuta «npm run build» en la carpeta del taller.' };
  }
  const details = { bin, startedFrom: process.argv[1] ?? '', links: linksTo(root, bin) };
  if (process.platform === 'win32') {
    return { id: ID, title: TITLE, status: 'ok', message: 'en Windows npm crea un lanzador .cmd que llama a Node: no hace falta permiso de ejecución', details };
  }
  if (!readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node')) {
    return { id: ID, title: TITLE, status: 'failure', message: `${shown} no empieza con «#!/usr/bin/env node»: la terminal no sabe con qué ejecutarlo`, fix: 'Ejecuta «npm run build» en la carpeta del taller.', details };
  }
  try {
    accessSync(bin, constants.X_OK);
  } catch {
    return {
      id: ID,
      title: TITLE,
      status: 'failure',
      message: `${shown} no tiene permiso de ejecución: «npx taller-sockets» responderá «Permission denied»`,
      fix: `Ejecuta «npm run build» (deja el archivo ejecutable) o «chmod +x ${bin}».`,
      details,
    };
  }
  const how = details.links.length ? `${details.links.map((link) => relative(process.cwd(), link) || link).join(', ')} → ${shown}` : shown;
  return { id: ID, title: TITLE, status: 'ok', message: `se puede ejecutar (${how})`, details };
}

function binFile(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const bin = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.['taller-sockets'] ?? 'dist/cli/main.js';
  return join(root, bin);
}

/** The links npm made to the bin that this check can see: the clone's own (npx) and the one that started us. */
function linksTo(root: string, bin: string): string[] {
  const candidates = [join(root, 'node_modules', '.bin', 'taller-sockets'), process.argv[1] ?? ''];
  const target = realpathSync(bin);
  return [...new Set(candidates)].filter((path) => {
    if (!path || path === bin) return false;
    try {
      return realpathSync(path) === target;
    } catch {
      return false;
    }
  });
}
