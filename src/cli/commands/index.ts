import type { CommandModule } from 'yargs';
import { homeCommand, setKnownCommands } from './home.js';
import { lessonsCommand } from './lessons.js';
import { lessonCommand } from './lesson.js';
import { progressCommand } from './progress.js';
import { resetCommand } from './reset.js';
import { doctorCommand } from './doctor.js';
import { exercisesCommand } from './exercises.js';
import { exerciseCommand } from './exercise.js';
import { verifyCommand } from './verify.js';
import { hintCommand } from './hint.js';
import { solutionCommand } from './solution.js';
import { tryCommand } from './try.js';
import { gradeCommand, gradeWorkerCommand } from './grade.js';
import { authorCommand } from './author.js';

/** Every command of the CLI. Each file only declares flags; its work is imported lazily. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [homeCommand, lessonsCommand, lessonCommand, progressCommand, resetCommand, doctorCommand,
  exercisesCommand, exerciseCommand, verifyCommand, tryCommand, hintCommand, solutionCommand, gradeCommand, gradeWorkerCommand, authorCommand];
setKnownCommands(commands);
