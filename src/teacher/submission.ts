/** One submission found in the class folder: a .py file, or a folder holding the program. */
export interface Submission {
  /** The file or folder name as found in the class folder (bytes that are not UTF-8 escaped as \xNN). */
  name: string;
  /** Absolute path of that file or folder. */
  source: string;
  isFolder: boolean;
  /** The program, relative to `source` for a folder (its own name for a file). */
  program?: string;
  /** Why it cannot be graded (no program, several, not UTF-8...), in Spanish. */
  problem?: string;
  /** Who handed it in and their id, when the layout says so (Moodle's download, GitHub Classroom's clone). */
  student?: string;
  studentId?: string;
}
