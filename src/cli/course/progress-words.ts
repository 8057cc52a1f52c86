/** How far a lesson went, in the same words everywhere (exit message, menu, progreso, summaries). */
export function progressWords(stepsDone: number, total: number): string {
  if (stepsDone >= total) return `${total} de ${total} pasos hechos`;
  return `${stepsDone} de ${total} pasos hechos`;
}
