// The CLI's entry. Static imports are all loaded and compiled before any line here runs, so this
// file has none: verificar's grading worker starts booting (early-start) while the command-line
// parser, most of the CLI's start, is still being loaded; every other command skips the modules
// that start it (8 of the 24 that --help loaded).
if (/^(verificar|verify)$/.test(process.argv[2] ?? '')) await import('./early-start.js');

await import('./run-cli.js');
