import { chmodSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Exercise } from '../../grader/exercise-content.js';
import { exportGrader, GRADER_FILE, GRADER_HELPERS } from '../export.js';

/**
 * The execution files of a Moodle VPL activity for one exercise: `vpl_evaluate.sh`, which VPL runs
 * to evaluate and which must leave an executable `vpl_execution` behind (VPL then runs that and
 * reads the grade from its output), the grader bundle and the exercise, all flat (VPL lists its
 * execution files without folders), and a README for the teacher.
 */
export function writeVplActivity(exercise: Exercise, target: string): string[] {
  const files = exportGrader([exercise], target, { flat: true });
  writeFileSync(join(target, 'vpl_evaluate.sh'), evaluateScript(exercise), { mode: 0o755 });
  chmodSync(join(target, 'vpl_evaluate.sh'), 0o755);
  writeFileSync(join(target, 'LEEME.md'), readme(exercise));
  return ['vpl_evaluate.sh', ...files, 'LEEME.md'];
}

function evaluateScript(exercise: Exercise): string {
  const program = exercise.fileName;
  return `#!/bin/bash
# taller-sockets: evaluación de «${exercise.id}» en Moodle VPL.
# VPL ejecuta este archivo y después vpl_execution, que deja escrito aquí: califica ${program}
# con el calificador de taller-sockets y escribe el resultado en el formato de VPL
# (Comment :=>>, bloques <|-- --|> y Grade :=>>).
# VPL's execution files come without folders: the grader's helper goes where it looks for it.
${GRADER_HELPERS.map((helper) => `mkdir -p ${dirname(helper)} && mv -f ${basename(helper)} ${helper}`).join('\n')}
cat > vpl_execution <<'FIN_DE_VPL_EXECUTION'
#!/bin/bash
cd "$(dirname "$0")"
# vpl_environment.sh (lo escribe VPL) dice la nota máxima de la actividad: VPL_GRADEMAX.
[ -f ./vpl_environment.sh ] && . ./vpl_environment.sh
if ! command -v node >/dev/null 2>&1; then
  echo 'Comment :=>>El servidor de ejecución de VPL no tiene Node.js (hace falta Node 20 o posterior): avisa a tu docente.'
  echo 'Grade :=>> 0'
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo 'Comment :=>>El servidor de ejecución de VPL no tiene Python 3: avisa a tu docente.'
  echo 'Grade :=>> 0'
  exit 0
fi
if [ ! -f ${program} ]; then
  echo 'Comment :=>>No encuentro ${program}: tu programa debe llamarse exactamente así.'
  echo 'Grade :=>> 0'
  exit 0
fi
node ./${GRADER_FILE} ${exercise.id} ${program} --formato vpl --nota-maxima "\${VPL_GRADEMAX:-10}"
exit 0
FIN_DE_VPL_EXECUTION
chmod +x vpl_execution
`;
}

function readme(exercise: Exercise): string {
  return `# «${exercise.title}» en Moodle VPL

Archivos generados por \`taller-sockets autor aula vpl ${exercise.id}\`. Súbelos a la actividad VPL, en
**Archivos para la ejecución** (*Execution files*):

- \`vpl_evaluate.sh\`: VPL lo ejecuta al evaluar; deja un \`vpl_execution\` que califica el programa
  del alumno con el mismo calificador que \`taller-sockets verificar\` y escribe la nota.
- \`${GRADER_FILE}\`: el calificador (un solo archivo; necesita Node y Python, nada más).
- \`ejercicio-${exercise.id}.json\`: las pruebas del ejercicio y sus puntos (sin la solución).

En la configuración de la actividad:

- **Archivos requeridos** (*Requested files*): \`${exercise.fileName}\`, el nombre que le da
  \`taller-sockets ejercicio ${exercise.id}\` (el enunciado pide ese archivo).
- **Opciones de ejecución**: activa *Evaluar*; la nota máxima de la actividad es la de la
  calificación (VPL la pasa en \`VPL_GRADEMAX\`).
- **Recursos de ejecución**: tiempo máximo de ejecución de al menos **60 s** (cada prueba tiene su
  propio límite, de unos segundos; un programa que se cuelga se detiene antes), memoria de al
  menos **512 MB** (Node y Python juntos) y al menos **32 procesos**.
- El servidor de ejecución (*jail*) necesita **Node.js 20** o posterior y **Python 3.8** o
  posterior en el \`PATH\`. Las pruebas usan sockets del loopback de la cárcel (127.0.0.1): no
  hace falta red.

La nota es la parte de los puntos de las pruebas superadas (\`puntos\` en \`ejercicio.yaml\`; por
defecto, todas valen lo mismo) sobre la nota máxima. Cada prueba fallida aparece con su
explicación en español y lo que imprimió el programa.

Qué se ha probado y qué no: taller-sockets ejecuta este \`vpl_evaluate.sh\` y luego
\`vpl_execution\` en una carpeta vacía preparada como la de VPL (el archivo del alumno y estos
archivos) y comprueba la nota de un programa correcto, uno erróneo y uno que se cuelga. No se ha
probado en un Moodle real: el aislamiento de la cárcel y sus límites son los de tu servidor VPL.
`;
}
