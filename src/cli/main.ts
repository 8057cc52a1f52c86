// The CLI's entry. Static imports are all loaded and compiled before any line here runs, so this
// file imports only what must act at once: verificar's grading worker starts booting (early-start)
// while the command-line parser, most of the CLI's start, is still being loaded.
import './early-start.js';

await import('./run-cli.js');
