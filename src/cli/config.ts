import { courseFolders, type ContentFolders } from '../lessons/content-folders.js';

/** What a run of the CLI is configured with, read once from its flags and environment. */
export interface CliConfig {
  /** `--lecciones` / `--ejercicios` (or TALLER_SOCKETS_LECCIONES / _EJERCICIOS). */
  content: ContentFolders;
  /** TALLER_SOCKETS_PUERTOS_LIBRES: grade on a free port instead of the document's. */
  freePorts: boolean;
}

interface ConfigFlags {
  lecciones?: unknown;
  ejercicios?: unknown;
}

const YES = ['1', 'true', 'sí', 'si'];

/** TALLER_SOCKETS_PUERTOS_LIBRES=1 (or true, sí): free ports instead of the document's. */
export function freePortsFrom(env: NodeJS.ProcessEnv): boolean {
  return YES.includes(env.TALLER_SOCKETS_PUERTOS_LIBRES ?? '');
}

/** A flag wins over its variable; neither: the shipped content. */
export function resolveConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv): CliConfig {
  const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  return {
    content: courseFolders(text(flags.lecciones) ?? env.TALLER_SOCKETS_LECCIONES, text(flags.ejercicios) ?? env.TALLER_SOCKETS_EJERCICIOS),
    freePorts: freePortsFrom(env),
  };
}

let current: CliConfig | undefined;

/** Called once by run-cli.ts, before any command runs. */
export function setConfig(config: CliConfig): void {
  current = config;
}

/** This run's configuration; the environment's alone until run-cli.ts has read the flags. */
export function cliConfig(): CliConfig {
  return (current ??= resolveConfig({}, process.env));
}

/** The folders of this run's course. */
export function courseContent(): ContentFolders {
  return cliConfig().content;
}
