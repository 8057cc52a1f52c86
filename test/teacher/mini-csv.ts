/** RFC 4180 reader for the reports' tests: quoted fields, doubled quotes, CRLF rows. Strict about stray quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (char === '"') {
        quoted = false;
        i++;
        if (i < text.length && !',\r'.includes(text[i]!)) throw new Error(`text after a closing quote at ${i}`);
      } else {
        field += char;
        i++;
      }
    } else if (char === '"') {
      if (field) throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
      i++;
    } else if (char === ',') {
      row.push(field);
      field = '';
      i++;
    } else if (char === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (char === '\n' || char === '\r') {
      throw new Error(`bare line break at ${i}: rows end with CRLF`);
    } else {
      field += char;
      i++;
    }
  }
  if (quoted) throw new Error('unclosed quote');
  if (field || row.length) throw new Error('last row without CRLF');
  return rows;
}
