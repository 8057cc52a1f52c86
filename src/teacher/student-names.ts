import type { Submission } from './submission.js';

/**
 * Who handed each submission in, read from the layouts the platforms produce:
 * - Moodle's "Descargar todas las entregas": a folder `Nombre Apellido_123456_assignsubmission_file_`
 *   per student (older versions: flat files `Nombre Apellido_123456_assignsubmission_file_prog.py`),
 *   where 123456 is the participant's id in that assignment;
 * - GitHub Classroom's `gh classroom clone student-repos`: a folder `<tarea>-<usuario>` per
 *   repository, all with the same prefix.
 */
const MOODLE = /^(.+?)_(\d+)_assignsubmission_[a-z]+_(.*)$/;

export function nameStudents(submissions: Submission[]): Submission[] {
  const named = submissions.map((submission) => {
    const moodle = MOODLE.exec(submission.name);
    return moodle ? { ...submission, student: moodle[1]!.trim(), studentId: moodle[2]! } : submission;
  });
  if (named.some((submission) => submission.student)) return named;
  return nameByCommonPrefix(named);
}

/** `tarea-ana`, `tarea-beto`: the students are what follows the prefix that every folder shares. */
function nameByCommonPrefix(submissions: Submission[]): Submission[] {
  const folders = submissions.filter((submission) => submission.isFolder && submission.program);
  if (folders.length < 2 || folders.length !== submissions.filter((submission) => submission.program).length) return submissions;
  let prefix = folders[0]!.name;
  for (const { name } of folders) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  prefix = prefix.slice(0, prefix.lastIndexOf('-') + 1);
  if (!prefix) return submissions;
  return submissions.map((submission) =>
    submission.isFolder && submission.name.startsWith(prefix) && submission.name.length > prefix.length
      ? { ...submission, student: submission.name.slice(prefix.length), studentId: submission.name.slice(prefix.length) }
      : submission,
  );
}
