/** One thing `autor validar` found wrong, with where, in Spanish. */
export interface Finding {
  /** What was checked: the file's format, a leftover placeholder, a lesson run, an exercise program. */
  kind: 'formato' | 'marcador' | 'leccion' | 'ejercicio';
  file: string;
  line?: number;
  message: string;
}
