import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small exercise folder as the workshop ships them (`<nn>-<id>/` with ejercicio.yaml,
 * enunciado.md, inicio.py, solucion.py), reusing a shipped tester (`pruebas:`): the one
 * content loader only lists exercises it can grade.
 */
export function writeExercise(dir: string, folder: string, id: string, title: string, tester = 'eco-tcp'): void {
  const path = join(dir, folder);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'ejercicio.yaml'), `id: ${id}\ntitulo: ${title}\npruebas: ${tester}\npistas:\n  - Lee el enunciado.\n`);
  writeFileSync(join(path, 'enunciado.md'), `# ${title}\n\nEnunciado de ${id}.\n`);
  writeFileSync(join(path, 'inicio.py'), '# Escribe aquí tu programa\n');
  writeFileSync(join(path, 'solucion.py'), 'print("solución")\n');
}
