import { existsSync, realpathSync } from 'node:fs';
import { basename, delimiter, isAbsolute, join, relative } from 'node:path';

let cached: string | undefined;

/**
 * How to run this CLI again from where the learner is, as they started it: `npx taller-sockets`
 * (npx in the clone), `taller-sockets` (a global or linked install, on the PATH), or
 * `node <path to main.js>`. Every command the workshop prints starts with this.
 */
export function cliCommand(): string {
  return (cached ??= detect());
}

function detect(env: NodeJS.ProcessEnv = process.env, script = process.argv[1] ?? ''): string {
  if (env.npm_command === 'exec' || env.npm_lifecycle_event === 'npx') return 'npx taller-sockets';
  if (basename(script) === 'taller-sockets' && onPath('taller-sockets', script, env)) return 'taller-sockets';
  if (!script) return 'npx taller-sockets';
  const path = relative(process.cwd(), script);
  const shown = path.startsWith('..') || isAbsolute(path) ? script : path;
  const quoted = /[\s'"$]/.test(shown) ? `'${shown.replace(/'/g, `'\\''`)}'` : shown;
  // The sources, run through tsx (development): plain node cannot run them.
  return script.endsWith('.ts') ? `npx tsx ${quoted}` : `node ${quoted}`;
}

/** Whether `name` found through PATH is this very script (not another copy, not absent). */
function onPath(name: string, script: string, env: NodeJS.ProcessEnv): boolean {
  const mine = safeRealpath(script);
  for (const folder of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const candidate = join(folder, name);
    if (existsSync(candidate)) return safeRealpath(candidate) === mine;
  }
  return false;
}

function safeRealpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A command written as `taller-sockets …` (course data, content) in the form that runs from here. */
export function runnable(command: string): string {
  return command.replace(/^taller-sockets(?=\s|$)/, cliCommand());
}

/** Every `taller-sockets <comando>` a message (of any module) names, in the form that runs from here. */
export function runnableCommands(text: string): string {
  return text.replace(/(^|[\s«(`'"])taller-sockets(?= [a-z<-])/g, (_match, before: string) => `${before}${cliCommand()}`);
}
