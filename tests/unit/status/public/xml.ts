// A strict little XML reader for tests: checks well-formedness (nesting, one root, only the five
// predefined entities or numeric references) and returns a tree. Enough to read an Atom feed back.

export type TXmlNode = { name: string; attrs: Record<string, string>; children: TXmlNode[]; text: string };

function decode(raw: string): string {
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);|&/g, (m, ref: string | undefined) => {
    if (!ref) throw new Error(`bare & in ${JSON.stringify(raw.slice(0, 40))}`);
    const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
    if (ref.startsWith("#x")) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith("#")) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    if (!(ref in named)) throw new Error(`unknown entity ${m}`);
    return named[ref]!;
  });
}

export function parseXml(xml: string): TXmlNode {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, "");
  const stack: TXmlNode[] = [{ name: "#doc", attrs: {}, children: [], text: "" }];
  const re = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) {
    const top = stack[stack.length - 1]!;
    if (m[6]) throw new Error(`stray < at ${m.index}`);
    if (m[5] !== undefined) {
      if (stack.length === 1 && m[5].trim()) throw new Error("text outside the root");
      top.text += decode(m[5]);
      continue;
    }
    const [, closing, name, attrText, selfClosing] = m as unknown as [string, string, string, string, string];
    if (closing) {
      if (top.name !== name) throw new Error(`</${name}> closes <${top.name}>`);
      stack.pop();
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const node: TXmlNode = { name, attrs, children: [], text: "" };
    if (stack.length === 1 && stack[0]!.children.length) throw new Error("second root element");
    top.children.push(node);
    if (!selfClosing) stack.push(node);
  }
  if (stack.length !== 1) throw new Error(`unclosed <${stack[stack.length - 1]!.name}>`);
  return stack[0]!.children[0]!;
}

export const childrenNamed = (n: TXmlNode, name: string) => n.children.filter((c) => c.name === name);
export const childNamed = (n: TXmlNode, name: string) => childrenNamed(n, name)[0];
