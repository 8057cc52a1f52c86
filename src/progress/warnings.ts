/**
 * Warnings about the progress file (set aside because corrupt, unreadable, not saved), for the CLI
 * to show once on stderr. A module of its own, without imports, so that every command can print
 * what is left at its end without loading the progress store.
 */
export const progressWarnings: string[] = [];
