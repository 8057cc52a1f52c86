/**
 * Causes read from the bytes themselves: a wrong text encoding, spaces removed, a reply cut at
 * the program's buffer size. Pure functions of what was expected and what arrived; each returns
 * no line when the bytes do not show its pattern (never a guess).
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** UTF-8 bytes of `text` read as `encoding` (what a program that decoded with the wrong codec sees). */
function misread(text: string, encoding: 'latin1' | 'windows-1252'): string {
  return new TextDecoder(encoding).decode(Buffer.from(text, 'utf8'));
}

/** Latin-1 / CP1252 bytes of `text`, when every letter fits (else undefined). */
function singleByte(text: string, encoding: 'latin1' | 'windows-1252'): Buffer | undefined {
  if (encoding === 'latin1') return /[^\x00-\xff]/.test(text) ? undefined : Buffer.from(text, 'latin1');
  const bytes: number[] = [];
  const decoder = new TextDecoder('windows-1252');
  const table = new Map<string, number>();
  for (let byte = 0; byte < 256; byte++) table.set(decoder.decode(Uint8Array.of(byte)), byte);
  for (const char of text) {
    const byte = table.get(char);
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  return Buffer.from(bytes);
}

/** The UTF-8 → Latin-1/CP1252 patterns: one byte per accented letter, or «Ã³» for «ó». */
export function encodingHint(expected: Buffer, received: Buffer): string[] {
  const wanted = expected.toString('utf8');
  if (!NON_ASCII.test(wanted) || received.equals(expected)) return [];
  for (const [encoding, name] of [['latin1', 'Latin-1'], ['windows-1252', 'CP1252 (la de Windows)']] as const) {
    const oneByte = singleByte(wanted, encoding);
    if (oneByte?.equals(received)) {
      return [
        `Tu programa codificó el texto en ${name}: cada letra con tilde ocupa un solo byte (por ejemplo «ó» es b'\\xf3'). ` +
          "El ejercicio habla UTF-8 (dos bytes, b'\\xc3\\xb3'): usa .encode('utf-8'), o .encode() sin argumentos.",
      ];
    }
    if (Buffer.from(misread(wanted, encoding), 'utf8').equals(received)) {
      return [
        `Tu programa leyó en ${name} unos bytes que eran UTF-8 y los volvió a codificar: por eso «ó» se volvió «${misread('ó', encoding)}». ` +
          "El ejercicio habla UTF-8: decodifica con .decode('utf-8'), o .decode() sin argumentos.",
      ];
    }
  }
  return [];
}

/** An echo whose spaces and line breaks at both ends are gone. */
export function stripHint(expected: Buffer, received: Buffer): string[] {
  const wanted = expected.toString('utf8');
  if (wanted.trim() === wanted || received.toString('utf8') !== wanted.trim()) return [];
  return ['Tu servidor quitó los espacios y saltos de línea del principio y del final (¿strip()?): un eco devuelve cada byte tal cual, sin tocarlo.'];
}

const isPowerOfTwo = (n: number): boolean => n >= 8 && (n & (n - 1)) === 0;

/** A stream reply that stops exactly at a power of two: the size the program passed to recv(). */
export function cutAtBufferHint(expected: Buffer, received: Buffer): string[] {
  if (received.length >= expected.length || !isPowerOfTwo(received.length) || !expected.subarray(0, received.length).equals(received)) return [];
  return [
    `Llegaron justo ${received.length} bytes de ${expected.length}: ¿lee tu programa con recv(${received.length}) una sola vez? ` +
      `recv(${received.length}) devuelve como mucho ${received.length} bytes, y un recv() no es un mensaje: repite recv() hasta tenerlo todo (o hasta b'').`,
  ];
}

/**
 * A reply built from the datagram the program received (`template` holds the text where
 * `<texto>` goes): when the text in it is the sent one cut at a power of two, the program's
 * recvfrom() buffer was too small and UDP dropped the rest.
 */
export function truncatedDatagramHint(sent: Buffer, reply: Buffer, template: (text: string) => string): string[] {
  const [before, after] = template('\u0000').split('\u0000') as [string, string];
  const text = reply.toString('utf8');
  if (!text.startsWith(before) || !text.endsWith(after)) return [];
  const inner = Buffer.from(text.slice(before.length, text.length - after.length), 'utf8');
  // The cut may fall inside a letter: decode() then fails or replaces it; compare on the bytes that survived.
  for (let size = 8; size < sent.length; size *= 2) {
    const cut = sent.subarray(0, size);
    if (inner.equals(cut) || inner.equals(Buffer.from(cut.toString('utf8').replace(/\ufffd+$/, ''), 'utf8'))) {
      return [
        `El datagrama que enviaste llegó a tu programa cortado a ${size} bytes (de ${sent.length}): tu recvfrom(${size}) es más pequeño que el datagrama, ` +
          'y en UDP lo que no cabe en el búfer se pierde. Usa un búfer mayor: recvfrom(4096).',
      ];
    }
  }
  return [];
}
