/**
 * A small, strict XML parser for the reports' tests: elements, attributes, text, the five
 * entities and numeric references, an optional declaration. Anything else (unclosed or
 * mismatched tags, a bare & or <, duplicate attributes, characters XML 1.0 forbids) throws.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function decode(raw: string, where: number): string {
  if (/<|&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(raw)) throw new Error(`bare < or & near ${where}`);
  return raw.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_match, name: string) =>
    name.startsWith('#x') ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name]!,
  );
}

export function parseXml(source: string): XmlElement {
  if (FORBIDDEN.test(source)) throw new Error('characters XML 1.0 forbids');
  let position = 0;
  const declaration = /^<\?xml[^?]*\?>\s*/.exec(source);
  if (declaration) position = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (position < source.length) {
    if (source.startsWith('<!--', position)) {
      const end = source.indexOf('-->', position);
      if (end < 0 || source.slice(position + 4, end).includes('--')) throw new Error(`bad comment at ${position}`);
      position = end + 3;
    } else if (source.startsWith('<', position)) {
      const end = source.indexOf('>', position);
      if (end < 0) throw new Error(`unclosed tag at ${position}`);
      const tag = source.slice(position + 1, end);
      position = end + 1;
      if (tag.startsWith('/')) {
        const open = stack.pop();
        if (!open || open.name !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}> at ${position}`);
        if (!stack.length) root = open;
        continue;
      }
      const selfClosing = tag.endsWith('/');
      const body = selfClosing ? tag.slice(0, -1) : tag;
      const nameMatch = /^([A-Za-z_][\w.-]*)/.exec(body);
      if (!nameMatch) throw new Error(`bad tag <${tag}> at ${position}`);
      const element: XmlElement = { name: nameMatch[1]!, attributes: {}, children: [], text: '' };
      let rest = body.slice(nameMatch[1]!.length);
      const attribute = /^\s+([A-Za-z_][\w.-]*)="([^"]*)"/;
      for (let match = attribute.exec(rest); match; match = attribute.exec(rest)) {
        if (match[1]! in element.attributes) throw new Error(`duplicate attribute ${match[1]}`);
        element.attributes[match[1]!] = decode(match[2]!, position);
        rest = rest.slice(match[0].length);
      }
      if (rest.trim()) throw new Error(`bad attributes in <${tag}>`);
      if (stack.length) stack[stack.length - 1]!.children.push(element);
      else if (root) throw new Error('two root elements');
      if (selfClosing) {
        if (!stack.length) root = element;
      } else stack.push(element);
    } else {
      const next = source.indexOf('<', position);
      const raw = source.slice(position, next < 0 ? source.length : next);
      position = next < 0 ? source.length : next;
      const text = decode(raw, position);
      if (stack.length) stack[stack.length - 1]!.text += text;
      else if (text.trim()) throw new Error('text outside the root element');
    }
  }
  if (stack.length || !root) throw new Error('unclosed elements at the end');
  return root;
}
