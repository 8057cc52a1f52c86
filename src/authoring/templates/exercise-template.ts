/**
 * A new exercise: the tests are TypeScript (src/grader/testers), so a teacher's exercise reuses
 * the tests of a shipped one (`pruebas:`) with its own statement, hints and programs. The files
 * start from that exercise's (so the solution passes and the starter fails from the first
 * validation), and every part the teacher must write says RELLENAR: `autor validar` lists them
 * until they are written.
 */
export function exerciseYaml(id: string, title: string, tests: string, port: number): string {
  return `# Ejercicio «${id}». Guía: docs/guia-docentes.md
id: ${id}
titulo: ${title}
# Las pruebas que se usan al verificar: las del ejercicio «${tests}» del taller (qué se envía, qué
# se espera, con qué límite de tiempo). Tu enunciado y tus programas deben pedir lo mismo.
pruebas: ${tests}
puerto: ${port}
# Pistas, de la más suave a la más directa: «taller-sockets pista ${id}» muestra una más cada vez.
pistas:
  - >-
    RELLENAR: una pista suave (qué mirar primero).
  - >-
    RELLENAR: una pista más directa (qué cambiar).
`;
}

export function statementTemplate(id: string, title: string, tests: string): string {
  return `# ${title}

RELLENAR: el enunciado, en español: qué programa escribir (\`${id}.py\`), qué debe hacer, cómo
probarlo a mano y cómo verificarlo con \`taller-sockets verificar ${id}\`. Debe pedir lo que
comprueban las pruebas de «${tests}»: léelas en el enunciado original, con
\`taller-sockets ejercicio ${tests}\`.
`;
}

export const WRONG_PROGRAM_NOTE = `# Un programa con un error típico. Sus primeras líneas de comentario dicen qué debe pasar al
# verificarlo: «prueba:» la prueba que debe fallar (parte de su nombre) y «espera:» un texto que el
# mensaje debe contener (una o más líneas). «autor validar» lo comprueba.
`;
