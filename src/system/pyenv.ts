import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

/**
 * The interpreter a pyenv shim would run, found the way pyenv finds it (PYENV_VERSION, then the
 * nearest .python-version from the current folder up, then the global version file), without
 * running the shim: it is a bash script that starts pyenv, a tenth of a second or more on a
 * learner's first run. undefined when `command` is not a pyenv shim or the choice is not a
 * version of pyenv's own ("system", a missing one): the shim is run then, as before.
 */
export function pyenvTarget(command: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const shims = dirname(command);
  if (parse(shims).base !== 'shims' || !isPyenvShim(command)) return undefined;
  const root = env.PYENV_ROOT || dirname(shims);
  const names = selectedVersions(root, env, cwd);
  const first = names[0];
  if (!first || first === 'system') return undefined;
  const binary = join(root, 'versions', first, 'bin', parse(command).base);
  return existsSync(binary) ? binary : undefined;
}

function isPyenvShim(command: string): boolean {
  try {
    const head = readFileSync(command, { encoding: 'utf8', flag: 'r' }).slice(0, 600);
    return head.startsWith('#!') && head.includes('pyenv') && head.includes('exec');
  } catch {
    return false;
  }
}

/** The versions pyenv would pick, in its order of precedence; [] when none is set. */
function selectedVersions(root: string, env: NodeJS.ProcessEnv, cwd: string): string[] {
  if (env.PYENV_VERSION) return env.PYENV_VERSION.split(':').filter(Boolean);
  for (let dir = env.PYENV_DIR || cwd; ; dir = dirname(dir)) {
    const local = versionsIn(join(dir, '.python-version'));
    if (local) return local;
    if (dirname(dir) === dir) break;
  }
  return versionsIn(join(root, 'version')) ?? [];
}

function versionsIn(file: string): string[] | undefined {
  try {
    const names = readFileSync(file, 'utf8').split(/\s+/).filter(Boolean);
    return names.length ? names : undefined;
  } catch {
    return undefined;
  }
}
