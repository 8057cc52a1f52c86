/**
 * Which content folders to use, from a flag or variable (`--lecciones`, `--ejercicios`):
 * `carpeta` uses a teacher's folder instead of the shipped one; `+carpeta` uses it in addition
 * (the shipped content first, then the teacher's). Unset: the shipped folder alone.
 */
export function contentFolders(value: string | undefined, shipped: string): string[] {
  if (!value) return [shipped];
  if (value.startsWith('+')) {
    const extra = value.slice(1);
    return extra ? [shipped, extra] : [shipped];
  }
  return [value];
}
