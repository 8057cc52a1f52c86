import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Exercise } from '../../grader/exercise-content.js';
import { exportedExercise, exportGrader, GRADER_FILE } from '../export.js';

/** Where the template keeps the grader: out of the students' way. */
const GRADER_DIR = '.taller';

/**
 * An assignment template repository for GitHub Classroom: the starter `<id>.py` of each exercise,
 * the grader vendored in `.taller/` (nothing is downloaded at grading time), a workflow with
 * Classroom's command grader (one step per test, with its points) and its reporter, and a README
 * for the students in Spanish.
 */
export function writeGithubTemplate(exercises: Exercise[], target: string): string[] {
  const grader = exportGrader(exercises, join(target, GRADER_DIR)).map((file) => `${GRADER_DIR}/${file}`);
  for (const exercise of exercises) writeFileSync(join(target, exercise.fileName), exercise.starter);
  mkdirSync(join(target, '.github', 'workflows'), { recursive: true });
  writeFileSync(join(target, '.github', 'workflows', 'classroom.yml'), workflow(exercises));
  writeFileSync(join(target, 'README.md'), readme(exercises));
  writeFileSync(join(target, '.gitignore'), '__pycache__/\n');
  return [...exercises.map((exercise) => exercise.fileName), '.github/workflows/classroom.yml', 'README.md', '.gitignore', ...grader];
}

function workflow(exercises: Exercise[]): string {
  const steps: Record<string, unknown>[] = [];
  for (const exercise of exercises) {
    const { puntos } = exportedExercise(exercise);
    exercise.tester.tests().forEach((test, index) => {
      steps.push({
        name: `${exercise.id}: ${test.name}`,
        id: `${exercise.id}-${index + 1}`,
        uses: 'classroom-resources/autograding-command-grader@v1',
        with: {
          'test-name': `${exercise.id}: ${test.name}`,
          'setup-command': '',
          command: `node ${GRADER_DIR}/${GRADER_FILE} ${exercise.id} ${exercise.fileName} --prueba ${index + 1}`,
          timeout: 2,
          'max-score': puntos[index] ?? 1,
        },
      });
    });
  }
  const ids = steps.map((step) => step.id as string);
  const document = {
    name: 'Calificación automática',
    on: ['push', 'repository_dispatch', 'workflow_dispatch'],
    permissions: { checks: 'write', actions: 'read', contents: 'read' },
    jobs: {
      'run-autograding-tests': {
        'runs-on': 'ubuntu-latest',
        if: "github.actor != 'github-classroom[bot]'",
        steps: [
          { name: 'Código del alumno', uses: 'actions/checkout@v4' },
          { name: 'Node.js', uses: 'actions/setup-node@v4', with: { 'node-version': '20' } },
          { name: 'Python', uses: 'actions/setup-python@v5', with: { 'python-version': '3.12' } },
          ...steps,
          {
            name: 'Informe de la calificación',
            uses: 'classroom-resources/autograding-grading-reporter@v1',
            env: Object.fromEntries(ids.map((id) => [`${id.toUpperCase()}_RESULTS`, `\${{steps.${id}.outputs.result}}`])),
            with: { runners: ids.join(',') },
          },
        ],
      },
    },
  };
  return `# Generado por «taller-sockets autor aula github»: cada paso es una prueba de taller-sockets.\n${stringify(document, { lineWidth: 0 })}`;
}

function readme(exercises: Exercise[]): string {
  const list = exercises.map((exercise) => `- **${exercise.title}**: escribe tu programa en \`${exercise.fileName}\`.`).join('\n');
  const verify = exercises.map((exercise) => `taller-sockets verificar ${exercise.id}`).join('\n');
  return `# Tarea de programación de sockets

${list}

Cada vez que haces \`git push\`, GitHub ejecuta las pruebas de taller-sockets sobre tu programa
(sockets reales en el loopback) y la pestaña **Actions** muestra cuáles superaste y por qué falló
cada una; tu nota es la suma de los puntos de las pruebas superadas.

Antes de entregar, pruébalo en tu computadora con el taller:

\`\`\`sh
${verify}
\`\`\`

O, sin instalar nada más que Node.js y Python:

\`\`\`sh
node ${GRADER_DIR}/${GRADER_FILE} ${exercises[0]!.id} ${exercises[0]!.fileName}
\`\`\`

No cambies la carpeta \`${GRADER_DIR}/\` ni \`.github/\`: son el calificador de tu docente.
`;
}
