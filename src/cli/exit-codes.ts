/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  /** A check, a test or a verification failed. */
  failed: 1,
  /** Bad usage: unknown command, id or flag, missing file, malformed content. */
  usage: 2,
  /** A bug of taller-sockets itself. */
  internal: 70,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
  /** Stopped with SIGTERM. */
  terminated: 143,
} as const;
