/**
 * Spanish explanations of the exceptions learners meet in socket programs, recognised by class
 * (and message pattern where one class covers several mistakes), never by errno text, which
 * differs between operating systems.
 */
export interface ExceptionInfo {
  type: string;
  mro?: string[];
  message: string;
}

interface Rule {
  type: string;
  pattern?: RegExp;
  explanation: string;
}

const RULES: Rule[] = [
  { type: 'TypeError', pattern: /bytes-like object is required, not 'str'/, explanation: 'Los sockets envían bytes, no texto: usa .encode() o un literal b\'...\'.' },
  { type: 'TypeError', pattern: /can only concatenate str \(not "bytes"\)|must be str, not bytes/, explanation: 'Lo que recibes son bytes: conviértelo a texto con .decode() antes de mezclarlo con str.' },
  { type: 'TypeError', pattern: /(bind|connect|connect_ex)\(\) takes exactly one argument/, explanation: 'La dirección va en una tupla: (host, puerto). Fíjate en los dobles paréntesis: s.bind((HOST, PORT)).' },
  { type: 'TypeError', pattern: /cannot unpack non-iterable method/, explanation: 'Faltan los paréntesis de la llamada: escribe s.accept(), no s.accept.' },
  { type: 'TypeError', pattern: /'str' object cannot be interpreted as an integer|an integer is required/, explanation: 'El puerto debe ser un número entero, no un texto: 65432, no "65432".' },
  { type: 'TypeError', pattern: /'module' object is not callable/, explanation: 'Llamas a un módulo como si fuera una función: escribe socket.socket(), no socket(). Si tu archivo se llama socket.py, cámbiale el nombre: se importa a sí mismo.' },
  { type: 'TypeError', pattern: /recv\w*\(\) takes at least 1 argument/, explanation: 'recv() necesita el número máximo de bytes que quieres leer, p. ej. recv(1024).' },
  { type: 'ConnectionRefusedError', explanation: 'Nadie está escuchando en esa dirección y puerto: arranca antes el servidor, o revisa HOST y PORT.' },
  { type: 'ConnectionResetError', explanation: 'El otro extremo cerró la conexión de golpe (a menudo sin leer lo que le enviaste).' },
  { type: 'BrokenPipeError', explanation: 'La conexión ya no admite envíos: el otro extremo la cerró (comprueba si recv() devolvió b\'\'), o este lado hizo shutdown(SHUT_WR).' },
  { type: 'TimeoutError', explanation: 'Nadie respondió a tiempo: la operación superó el tiempo de espera del socket.' },
  { type: 'timeout', explanation: 'Nadie respondió a tiempo: la operación superó el tiempo de espera del socket.' },
  { type: 'gaierror', explanation: 'No se pudo resolver ese nombre de host: revisa cómo lo escribiste ("localhost", "127.0.0.1") y que sea de la familia del socket.' },
  { type: 'OverflowError', pattern: /port must be 0-65535/, explanation: 'Los puertos van de 0 a 65535.' },
  { type: 'PermissionError', explanation: 'El sistema no te deja usar ese puerto o recurso: los puertos menores de 1024 necesitan privilegios.' },
  { type: 'OSError', pattern: /[Aa]ddress already in use|WSAEADDRINUSE|only one usage/, explanation: 'El puerto sigue ocupado: otro socket lo usa, o una conexión anterior lo retiene en TIME_WAIT (si este lado cerró primero). Cierra el otro programa, espera a que pase el TIME_WAIT o usa otro puerto; para que un servidor pueda reiniciarse enseguida, actívale SO_REUSEADDR antes de bind() (en Linux sirve si el socket anterior también la tenía).' },
  { type: 'OSError', pattern: /[Bb]ad file descriptor/, explanation: 'Ese socket ya está cerrado: no puedes usarlo después de close().' },
  { type: 'OSError', pattern: /[Cc]annot assign requested address/, explanation: 'Solo puedes vincular (bind) direcciones que pertenecen a esta computadora.' },
  { type: 'OSError', pattern: /[Ii]nvalid argument/, explanation: 'Operación no válida para este socket; ¿llamaste a accept() sin listen()?' },
  { type: 'OSError', pattern: /not connected/, explanation: 'Ese socket no está conectado: el socket que escucha no transmite datos; usa el que devuelve accept().' },
  { type: 'NameError', pattern: /'Socket'/, explanation: 'Python distingue mayúsculas: el módulo es socket, en minúsculas (socket.socket(...)).' },
  { type: 'NameError', explanation: 'Usas un nombre que no existe todavía: ¿falta un import, o una variable de un paso anterior?' },
  { type: 'AttributeError', pattern: /partially initialized module/, explanation: 'Tu archivo se llama igual que un módulo de Python (por ejemplo socket.py o selectors.py) y se importa a sí mismo: cámbiale el nombre.' },
  { type: 'AttributeError', pattern: /has no attribute 'Sock_DGRAM'/, explanation: 'Las constantes van en mayúsculas: socket.SOCK_DGRAM.' },
  { type: 'AttributeError', explanation: 'Ese objeto no tiene ese atributo o método: revisa mayúsculas y nombre.' },
  { type: 'ValueError', pattern: /invalid literal for int\(\)/, explanation: 'Ese texto no es un número entero: si es el puerto (la variable PUERTO), int(\'65432\') funciona, int(\'\') o int(\'puerto\') no.' },
  { type: 'KeyError', explanation: 'Esa clave no existe. Si lees una variable de entorno, usa os.environ.get(\'PUERTO\', \'65432\'): así tiene un valor por defecto.' },
  { type: 'BlockingIOError', explanation: 'El socket no es bloqueante y en ese momento no había datos (o sitio para enviar): espera a que esté listo con selectors o select().' },
  { type: 'ConnectionAbortedError', explanation: 'La conexión se abortó en tu lado (pasa, sobre todo en Windows, cuando el otro extremo desaparece).' },
  { type: 'OSError', pattern: /[Mm]essage too long/, explanation: 'Ese datagrama UDP es demasiado grande para enviarlo de una vez: envía menos bytes por datagrama.' },
  { type: 'UnicodeDecodeError', explanation: 'Estos bytes no son UTF-8 completo: un carácter pudo llegar partido entre dos recv().' },
  { type: 'EOFError', explanation: 'input() no puede leer del teclado aquí: el paso se ejecuta sin entrada estándar.' },
  { type: 'ModuleNotFoundError', pattern: /No module named '(sockets|Socket|Sockets)'/, explanation: 'El módulo se llama socket, en singular y en minúsculas: import socket.' },
  { type: 'ModuleNotFoundError', explanation: 'Python no encuentra ese módulo: revisa cómo lo escribiste en el import. Los de este taller (socket, selectors, threading, socketserver) vienen con Python: no hay que instalar nada.' },
  { type: 'MemoryError', explanation: 'Tu programa usó demasiada memoria y Python no pudo reservar más: ¿una lista o un texto que crece sin fin, por ejemplo acumulando datos en un bucle que no termina?' },
  { type: 'SyntaxError', explanation: 'Python no entiende el código: revisa paréntesis, comillas, dos puntos y sangría.' },
  { type: 'IndentationError', explanation: 'La sangría no cuadra: en Python los bloques se marcan con espacios al principio de la línea.' },
  { type: 'KeyboardInterrupt', explanation: 'El paso se interrumpió (Ctrl-C).' },
  { type: 'SystemExit', explanation: 'El código llamó a sys.exit() o exit(): en un programa real, el proceso terminaría aquí.' },
];

/** The Spanish explanation of an exception, or undefined when we have nothing better than its text. */
export function explainException(error: ExceptionInfo): string | undefined {
  const classes = error.mro ?? [error.type];
  for (const cls of classes) {
    for (const rule of RULES) {
      if (rule.type === cls && (!rule.pattern || rule.pattern.test(error.message))) return rule.explanation;
    }
  }
  return undefined;
}
