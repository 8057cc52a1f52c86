/** How far a lesson went, in the same words everywhere (exit message, menu, progreso, summaries). */
export function progressWords(stepsDone: number, total: number): string {
  if (stepsDone >= total) return `${total} de ${total} pasos hechos`;
  return `${stepsDone} de ${total} pasos hechos`;
}

/** A share as a whole percentage (1 of 6 is 17 %, never 16 %). */
export function percent(part: number, whole: number): string {
  return `${whole ? Math.round((part / whole) * 100) : 0} %`;
}
