// @types/marked-terminal does not fit current marked: the little we use, declared here.
declare module 'marked-terminal' {
  export function markedTerminal(options?: Record<string, unknown>, highlightOptions?: Record<string, unknown>): unknown;
}
