import type { LessonSession } from '../../../engine/lesson-session.js';
import type { StepResult } from '../../../engine/step-result.js';
import { replaySteps } from '../../../engine/run-lesson.js';
import { print } from '../../../ui/screen.js';
import { theme } from '../../../ui/theme.js';

/** The engine's replay of the steps before `fromStep`, saying so first (shared by every way of running a lesson). */
export async function replayWithNotice(session: LessonSession, fromStep: number): Promise<StepResult[]> {
  print(theme.gray(`  Reconstruyendo el estado: ejecuto los pasos 1 a ${fromStep - 1} sin pausas...\n`));
  return replaySteps(session, fromStep);
}

/** After a replay: which steps did not come out as in the lesson (what follows may fail). */
export function reportReplay(steps: StepResult[]): void {
  const failed = steps.filter((step) => step.status !== 'pass').map((step) => step.step.number);
  if (failed.length) {
    print(theme.yellow(`  Aviso: al reconstruir, los pasos ${failed.join(', ')} no salieron como en la lección; lo que sigue puede fallar.\n`));
  }
}
