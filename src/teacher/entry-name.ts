/**
 * A file name as the file system holds it (bytes) shown as text: valid UTF-8 as it is, any other
 * byte as `\xNN` and control characters escaped, the way Python's backslashreplace shows them. A
 * name that is not valid UTF-8 would otherwise turn into replacement characters and no longer
 * name the file.
 */
export function displayName(bytes: Buffer): { text: string; valid: boolean } {
  let text = '';
  let valid = true;
  let index = 0;
  while (index < bytes.length) {
    const length = sequenceLength(bytes, index);
    if (length === 0) {
      text += `\\x${bytes[index]!.toString(16).padStart(2, '0')}`;
      valid = false;
      index++;
      continue;
    }
    const char = bytes.subarray(index, index + length).toString('utf8');
    text += /[\u0000-\u001f\u007f]/.test(char) ? escapeControl(char) : char;
    index += length;
  }
  return { text, valid };
}

function escapeControl(char: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return named[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** Length of the well-formed UTF-8 sequence at `index` (RFC 3629), or 0. */
function sequenceLength(bytes: Buffer, index: number): number {
  const lead = bytes[index]!;
  if (lead < 0x80) return 1;
  const [length, low, high] = lead >= 0xc2 && lead <= 0xdf ? [2, 0x80, 0xbf]
    : lead === 0xe0 ? [3, 0xa0, 0xbf]
    : lead === 0xed ? [3, 0x80, 0x9f]
    : lead >= 0xe1 && lead <= 0xef ? [3, 0x80, 0xbf]
    : lead === 0xf0 ? [4, 0x90, 0xbf]
    : lead >= 0xf1 && lead <= 0xf3 ? [4, 0x80, 0xbf]
    : lead === 0xf4 ? [4, 0x80, 0x8f]
    : [0, 0, 0];
  if (!length || index + length > bytes.length) return 0;
  const second = bytes[index + 1]!;
  if (second < low || second > high) return 0;
  for (let next = index + 2; next < index + length; next++) {
    if ((bytes[next]! & 0xc0) !== 0x80) return 0;
  }
  return length;
}
