import { randomInt } from 'node:crypto';

const WORDS = ['ñandú', 'pingüino', 'camión', 'corazón', 'café', 'árbol', 'cigüeña', 'acción'];

/** Fresh text for each run, with non-ASCII letters, so a hard-coded answer cannot pass. */
export function randomText(prefix = 'Hola desde el taller'): string {
  return `${prefix}: ${WORDS[randomInt(WORDS.length)]} ${randomInt(1000, 10000)}-${randomInt(0x1000, 0x10000).toString(16)}`;
}
