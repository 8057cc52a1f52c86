/**
 * A new lesson, already valid and green with --auto: a server and a client on loopback, with the
 * main kinds of checks. Comments in the YAML header and in the code say what to change; the prose
 * reads as a real (short) lesson, so that nothing of the template reaches a learner by mistake.
 */
export function lessonTemplate(id: string, title: string): string {
  return `---
# Cabecera de la lección (YAML). Formato completo y todas las comprobaciones:
# docs/formato-lecciones.md; guía para docentes: docs/guia-docentes.md
id: ${id}                      # minúsculas, números y guiones; único en el curso
titulo: ${title}               # lo que ve el alumno en la lista de lecciones
secciones:                     # encabezados del documento que refleja (texto exacto); si no
  - "${title}"                 # refleja ninguno, el título de la lección
actores: [servidor, cliente]   # cada actor tiene su propio Python en vivo
extra: true                    # true: el documento no trae esta lección
---
Esta lección conecta un cliente con un servidor TCP en esta misma máquina, paso a paso. Cada
paso ejecuta su código en vivo, en el Python de su actor, y comprueba lo que pasó de verdad.

## El servidor escucha

El servidor crea su socket, lo vincula a una dirección y un puerto con \`bind()\` y se pone a
escuchar con \`listen()\`.

\`\`\`python servidor
# El código de un paso se ejecuta en el Python de su actor (aquí, «servidor»).
# Escribe el puerto del documento (65432) tal cual: si está ocupado, el taller lo cambia.
import socket

s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.bind(('127.0.0.1', 65432))
s.listen()
print('Servidor escuchando en', s.getsockname())
\`\`\`

\`\`\`comprobar
- salida: "Servidor escuchando en ('127.0.0.1', 65432)"
- socket: s
  escuchando: true
  local: 127.0.0.1:65432
\`\`\`

## El cliente se conecta

Con \`connect()\`, el cliente completa el saludo de tres pasos con el servidor: la conexión queda
establecida aunque el servidor todavía no haya llamado a \`accept()\`.

\`\`\`python cliente
import socket

c = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
c.connect(('127.0.0.1', 65432))
\`\`\`

\`\`\`comprobar
- socket: c
  remoto: 127.0.0.1:65432
- estado_tcp: ESTABLISHED
  remoto: 65432
\`\`\`

## El servidor acepta

\`accept()\` entrega la conexión que esperaba en la cola: un socket nuevo, solo para este cliente.

\`\`\`python servidor
conn, addr = s.accept()
print('Conectado con', addr)
\`\`\`

\`\`\`comprobar
- salida: Conectado con
- socket: conn
  local: 127.0.0.1:65432
\`\`\`

## El cliente envía

Un socket envía bytes: \`b'Hola'\`, no el texto \`'Hola'\`.

\`\`\`python cliente
c.sendall(b'Hola')
\`\`\`

## El servidor recibe

\`\`\`python servidor
data = conn.recv(1024)
data
\`\`\`

\`\`\`comprobar
- valor: "b'Hola'"
\`\`\`

## El cliente cierra

Quien cierra primero queda un rato en TIME_WAIT.

\`\`\`python cliente
c.close()
\`\`\`

## El servidor cierra

\`\`\`python servidor
conn.close()
s.close()
\`\`\`

\`\`\`comprobar
- socket: s
  cerrado: true
\`\`\`
`;
}
