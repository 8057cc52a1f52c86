/**
 * Bytes shown the way Python shows them (b'...'), so the learner recognises them, with the first
 * difference marked. Long data is cut to a window around that difference.
 */

/** Python's repr of bytes: printable ASCII as is, \n \r \t \\ and quotes escaped, the rest \xNN. */
export function pythonBytesRepr(data: Uint8Array): string {
  const quote = quoteFor(data);
  return `b${quote}${reprBody(data, quote)}${quote}`;
}

function quoteFor(data: Uint8Array): string {
  return data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
}

function reprBody(data: Uint8Array, quote: string): string {
  let text = '';
  for (const byte of data) text += escapeByte(byte, quote);
  return text;
}

function escapeByte(byte: number, quote: string): string {
  if (byte === 0x5c) return '\\\\';
  if (byte === 0x0a) return '\\n';
  if (byte === 0x0d) return '\\r';
  if (byte === 0x09) return '\\t';
  if (String.fromCharCode(byte) === quote) return `\\${quote}`;
  if (byte >= 0x20 && byte < 0x7f) return String.fromCharCode(byte);
  return `\\x${byte.toString(16).padStart(2, '0')}`;
}

/** Text with invisible characters made visible (for lines of output). */
export function visibleText(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"');
}

export function firstDifference(expected: Uint8Array, received: Uint8Array): number {
  const length = Math.min(expected.length, received.length);
  for (let i = 0; i < length; i++) if (expected[i] !== received[i]) return i;
  return expected.length === received.length ? -1 : length;
}

const WINDOW = 24;

/**
 * A number as Spanish writes it: a decimal comma, and from five digits on, thousands grouped by
 * spaces ("1234", "12 345", "1,5"). By hand, not toLocaleString: the first call into ICU costs
 * ~17 ms of CPU, paid by every grading worker and every verificar on a step's label.
 */
export function spanishNumber(n: number): string {
  const [whole = '', fraction] = String(Math.abs(n)).split('.');
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, ' ') : whole;
  return `${n < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

/** A byte count in words: "1 byte", "1 048 576 bytes". */
export function byteCount(n: number): string {
  return n === 1 ? '1 byte' : `${spanishNumber(n)} bytes`;
}

/**
 * Lines comparing what was expected with what arrived:
 *   esperaba: b'Hola desde el servidor'
 *   recibí:   b'Hola desde el Servidor'
 *                           ^ primera diferencia (byte 14)
 */
export function describeBytesMismatch(expected: Uint8Array, received: Uint8Array): string[] {
  const at = firstDifference(expected, received);
  if (at < 0) return [];
  const long = Math.max(expected.length, received.length) > WINDOW * 3;
  const start = long ? Math.max(0, at - WINDOW) : 0;
  const end = long ? at + WINDOW : Math.max(expected.length, received.length);
  const slice = (data: Uint8Array): string => {
    const body = pythonBytesRepr(data.subarray(start, end));
    return `${start > 0 ? '…' : ''}${body}${end < data.length ? '…' : ''}`;
  };
  const expectedText = slice(expected);
  const receivedText = slice(received);
  const quote = quoteFor(received.subarray(start, end));
  const caretColumn = (start > 0 ? 1 : 0) + 2 + reprBody(received.subarray(start, at), quote).length;
  const lines = [
    `esperaba: ${expectedText}${long ? `  (${byteCount(expected.length)})` : ''}`,
    `recibí:   ${receivedText}${long ? `  (${byteCount(received.length)})` : ''}`,
    `          ${' '.repeat(caretColumn)}^ primera diferencia (byte ${at + 1}${at >= received.length ? ': ahí se acaba lo recibido' : ''}${at >= expected.length ? ': sobra a partir de ahí' : ''})`,
  ];
  return lines;
}

/** Bytes as a short Python literal, cut when long. */
export function shortBytes(data: Uint8Array, max = 80): string {
  if (data.length <= max) return pythonBytesRepr(data);
  return `${pythonBytesRepr(data.subarray(0, max))}… (${byteCount(data.length)} en total)`;
}

/** "1,5 s", "3 s". */
export function seconds(ms: number): string {
  return `${spanishNumber(Math.round(ms / 100) / 10)} s`;
}
