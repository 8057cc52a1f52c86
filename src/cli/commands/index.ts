import type { CommandModule } from 'yargs';
import { homeCommand } from './home/command.js';
import { lessonsCommand } from './lessons/command.js';
import { lessonCommand } from './lesson/command.js';
import { progressCommand } from './progress/command.js';
import { resetCommand } from './reset/command.js';
import { doctorCommand } from './doctor/command.js';
import { exercisesCommand } from './exercises/command.js';
import { exerciseCommand } from './exercise/command.js';
import { verifyCommand } from './verify/command.js';
import { hintCommand } from './hint/command.js';
import { solutionCommand } from './solution/command.js';
import { tryCommand } from './try/command.js';
import { gradeCommand } from './grade/command.js';
import { gradeWorkerCommand } from './grade-worker/command.js';
import { authorCommand } from './author/command.js';
import { catalogOf } from '../command-catalog.js';

const others = [lessonsCommand, lessonCommand, progressCommand, resetCommand, doctorCommand, exercisesCommand, exerciseCommand,
  verifyCommand, tryCommand, hintCommand, solutionCommand, gradeCommand, gradeWorkerCommand, authorCommand];

/** Every command of the CLI. Each file only declares flags; its work is imported lazily. */
// Each handler takes its own Args; yargs's own signature for a list of modules is `any` there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any, @typescript-eslint/no-empty-object-type
export const commands: CommandModule<{}, any>[] = [homeCommand(catalogOf(others)), ...others];
