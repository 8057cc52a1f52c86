import type { CommandModule } from 'yargs';
import { homeCommand, setKnownCommands } from './home.js';
import { lessonsCommand } from './lessons.js';
import { lessonCommand } from './lesson.js';
import { progressCommand } from './progress.js';
import { resetCommand } from './reset.js';
import { doctorCommand } from './doctor.js';

/** Every command of the CLI. Each file only declares flags; its work is imported lazily. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commands: CommandModule<any, any>[] = [homeCommand, lessonsCommand, lessonCommand, progressCommand, resetCommand, doctorCommand];
setKnownCommands(commands);
