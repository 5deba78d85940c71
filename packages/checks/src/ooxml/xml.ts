// Safe XML parsing for OOXML parts, on saxes (a strict, non-validating SAX parser that never reads a DTD), building
// an element tree in document order (run order matters). Any DOCTYPE is refused up front (XXE, billion laughs); saxes
// itself decodes only the five predefined entities and numeric character references and rejects every other entity.
import { SaxesParser } from 'saxes';
import { XmlDoctypeError, XmlParseError, ZipEntryMissingError } from './errors.ts';
import type { ZipArchive } from './zip.ts';

/** A simple element tree. `name` keeps the namespace prefix (e.g. `w:p`). Text nodes have name '#text'. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Only for '#text' nodes (entities decoded). */
  text?: string;
}

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;
/** Elements whose whitespace-only text content is meaningful. */
const KEEP_SPACE = /(^|:)(t|instrText|delText)$/;
const WHITESPACE_ONLY = /^[ \t\r\n]*$/;

/** Parses XML text into an element list (top level: normally one root element). Malformed XML is an XmlParseError. */
export function parseXml(text: string): XmlNode[] {
  if (DOCTYPE.test(text)) throw new XmlDoctypeError();
  const top: XmlNode = { name: '', attrs: {}, children: [] };
  const stack: XmlNode[] = [top];
  let current = top;
  // saxes calls these synchronously from write() and, with no error handler, throws at the first well-formedness error.
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [] };
    current.children.push(node);
    if (!tag.isSelfClosing) {
      stack.push(node);
      current = node;
    }
  });
  parser.on('closetag', (tag) => {
    if (tag.isSelfClosing) return;
    stack.pop();
    current = stack[stack.length - 1]!;
  });
  parser.on('text', (t) => {
    if (current === top || (WHITESPACE_ONLY.test(t) && !KEEP_SPACE.test(current.name))) return;
    current.children.push({ name: '#text', attrs: {}, children: [], text: t });
  });
  parser.on('cdata', (t) => {
    current.children.push({ name: '#text', attrs: {}, children: [], text: t });
  });
  try {
    parser.write(text).close();
  } catch {
    throw new XmlParseError();
  }
  return top.children;
}

/** The first root element of a parsed document. */
export function rootOf(nodes: XmlNode[]): XmlNode {
  const r = nodes.find((n) => n.name !== '#text');
  if (!r) throw new XmlParseError();
  return r;
}

/** First child element with this name. */
export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name) return c;
  return undefined;
}

/** All child elements with this name. */
export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node) return [];
  return node.children.filter((c) => c.name === name);
}

/** All descendant elements with this name (document order). */
export function descendants(node: XmlNode, name: string, out: XmlNode[] = []): XmlNode[] {
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    if (c.children.length) descendants(c, name, out);
  }
  return out;
}

/** Concatenated text of all descendant text nodes. */
export function textOf(node: XmlNode): string {
  if (node.name === '#text') return node.text ?? '';
  let s = '';
  for (const c of node.children) s += textOf(c);
  return s;
}

/** Reads and parses one part of an archive. */
export async function readXml(archive: ZipArchive, partName: string, maxBytes?: number): Promise<XmlNode> {
  return rootOf(parseXml(await archive.text(partName, maxBytes)));
}

export interface Relationship {
  id: string;
  type: string;
  /** Resolved absolute part name (no leading slash) for internal targets; the target as written for external ones. */
  target: string;
  rawTarget: string;
  external: boolean;
}

/** Resolves a relative OOXML target against the part that holds the relationship. */
export function resolvePartTarget(sourcePart: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(target);
  } catch {
    /* keep as written */
  }
  t = t.replace(/\\/g, '/').split('#')[0]!;
  const base = t.startsWith('/') ? [] : sourcePart.replace(/^\/+/, '').split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

/** The relationships part name of a part: `word/document.xml` → `word/_rels/document.xml.rels`; '' → `_rels/.rels`. */
export function relsPartName(partName: string): string {
  const p = partName.replace(/^\/+/, '');
  const i = p.lastIndexOf('/');
  return i < 0 ? `_rels/${p}.rels` : `${p.slice(0, i)}/_rels/${p.slice(i + 1)}.rels`;
}

/** Relationships of a part, by id. A missing rels part gives an empty map. */
export async function readRels(archive: ZipArchive, partName: string): Promise<Map<string, Relationship>> {
  const map = new Map<string, Relationship>();
  const relsName = relsPartName(partName);
  if (!archive.has(relsName)) return map;
  let root: XmlNode;
  try {
    root = await readXml(archive, relsName, 16 * 1024 * 1024);
  } catch (e) {
    if (e instanceof ZipEntryMissingError) return map;
    throw e;
  }
  for (const r of children(root, 'Relationship')) {
    const id = r.attrs.Id ?? '';
    const rawTarget = r.attrs.Target ?? '';
    const external = (r.attrs.TargetMode ?? '').toLowerCase() === 'external';
    map.set(id, {
      id,
      type: r.attrs.Type ?? '',
      rawTarget,
      external,
      target: external ? rawTarget : resolvePartTarget(partName, rawTarget),
    });
  }
  return map;
}

/** Content types ([Content_Types].xml): overrides by part name (lower case, no slash) and defaults by extension. */
export interface ContentTypes {
  overrides: Map<string, string>;
  defaults: Map<string, string>;
  /** Content type of a part (override, else default by extension). */
  of(partName: string): string | undefined;
}

export async function readContentTypes(archive: ZipArchive): Promise<ContentTypes> {
  const root = await readXml(archive, '[Content_Types].xml', 16 * 1024 * 1024);
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const o of children(root, 'Override')) {
    overrides.set((o.attrs.PartName ?? '').replace(/^\/+/, '').toLowerCase(), o.attrs.ContentType ?? '');
  }
  for (const d of children(root, 'Default')) defaults.set((d.attrs.Extension ?? '').toLowerCase(), d.attrs.ContentType ?? '');
  return {
    overrides,
    defaults,
    of(partName: string) {
      const k = partName.replace(/^\/+/, '').toLowerCase();
      const o = overrides.get(k);
      if (o !== undefined) return o;
      const ext = k.slice(k.lastIndexOf('.') + 1);
      return defaults.get(ext);
    },
  };
}
