/**
 * Whether a stream is a terminal. Node's types promise `isTTY: boolean` on the process streams,
 * but on a pipe or a file the property is missing, so it is read as optional here, once.
 */
export function isTerminal(stream: { isTTY?: boolean }): boolean {
  return stream.isTTY === true;
}
