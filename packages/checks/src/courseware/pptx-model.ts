// Reads what the courseware rules need from a PPTX package: slide order, which parts belong to which
// slides (through the relationships), external relationships, link actions, text per part and the images.
// Pure (browser and Node); all reading goes through the budgeted ZIP reader and the DOCTYPE-refusing parser.
import type { ZipArchive } from '../ooxml/zip.ts';
import { isOoxmlError, OoxmlError } from '../ooxml/errors.ts';
import { readRels, readXml, relsPartName, type Relationship, type XmlNode } from '../ooxml/xml.ts';

/** Where a part sits in the deck. */
export type PartRole = 'slide' | 'notes' | 'layout' | 'master' | 'content' | 'other';

export interface PartOwner {
  role: PartRole;
  /** Slides (1-based, presentation order) that show this part. */
  slides: number[];
  /** For content parts (charts, diagrams, media...): the role of the part that holds them. */
  via?: PartRole;
}

export interface SlideInfo {
  number: number;
  part: string;
  layout?: string;
  notes?: string;
  hidden: boolean;
}

/** A part that could not be read (bad XML, DOCTYPE, missing...), kept so rules can say so. */
export interface PartProblem {
  part: string;
  owner: PartOwner;
  message: string;
  code?: string;
}

export interface TextBlock {
  part: string;
  owner: PartOwner;
  /** Kind of part the text is in. */
  kind: 'slide' | 'notes' | 'layout' | 'master' | 'chart' | 'diagram' | 'other';
  /** Text of all paragraphs, one per line. */
  text: string;
  /** Text outside placeholders (on layouts/masters only this shows on slides; elsewhere equals `text`). */
  visibleText: string;
}

export interface ExternalLink {
  part: string;
  owner: PartOwner;
  /** hyperlink, image, oleObject, media, other... (last segment of the relationship type). */
  relType: string;
  target: string;
  relId: string;
}

export interface LinkAction {
  part: string;
  owner: PartOwner;
  action: string;
  /** Target of the r:id, when it has one. */
  target?: string;
}

export interface DeckImage {
  part: string;
  owner: PartOwner;
}

export interface DeckModel {
  mainPart: string;
  slides: SlideInfo[];
  owners: Map<string, PartOwner>;
  texts: TextBlock[];
  externalLinks: ExternalLink[];
  /** Link actions to outside the deck (program, macro, ole, file, other presentation). */
  outsideActions: LinkAction[];
  /** Jumps inside the deck (allowed; kept for reporting and tests). */
  internalJumps: LinkAction[];
  images: DeckImage[];
  problems: PartProblem[];
}

const REL = (t: string) => t.slice(t.lastIndexOf('/') + 1);

/** Relationship types never followed when collecting the parts a slide/layout/master shows. */
const NOT_CONTENT = new Set(['slideLayout', 'slideMaster', 'slide', 'notesSlide', 'notesMaster', 'handoutMaster', 'theme', 'hyperlink', 'presentation']);

/** Actions that stay inside the deck. */
const INTERNAL_ACTIONS = ['ppaction://hlinksldjump', 'ppaction://hlinkshowjump', 'ppaction://customshow', 'ppaction://noaction', 'ppaction://media'];

function partKind(part: string, role: PartRole): TextBlock['kind'] {
  const p = part.toLowerCase();
  if (p.includes('/charts/')) return 'chart';
  if (p.includes('/diagrams/')) return 'diagram';
  if (role === 'slide' || role === 'notes' || role === 'layout' || role === 'master') return role;
  return 'other';
}

function addSlides(owner: PartOwner, slides: number[]) {
  for (const s of slides) if (!owner.slides.includes(s)) owner.slides.push(s);
  owner.slides.sort((a, b) => a - b);
}

/** Throws a deadline error when the check ran out of time. */
export class DeadlineError extends Error {
  constructor() {
    super('检查超时');
    this.name = 'DeadlineError';
  }
}

export interface LoadOptions {
  deadline: number;
  /** Largest XML part read (bytes). */
  maxXmlBytes?: number;
}

export async function loadDeck(archive: ZipArchive, mainPart: string, opts: LoadOptions): Promise<DeckModel> {
  const maxXml = opts.maxXmlBytes ?? 32 * 1024 * 1024;
  const checkTime = () => {
    if (Date.now() > opts.deadline) throw new DeadlineError();
  };
  const problems: PartProblem[] = [];
  const owners = new Map<string, PartOwner>();
  const relsCache = new Map<string, Map<string, Relationship>>();
  const relsOf = async (part: string): Promise<Map<string, Relationship>> => {
    let r = relsCache.get(part);
    if (!r) {
      try {
        r = await readRels(archive, part);
      } catch (e) {
        if (!isOoxmlError(e) || e.code === 'zip_budget' || e.code === 'zip_encrypted') throw e;
        problems.push({ part: relsPartName(part), owner: owners.get(part) ?? { role: 'other', slides: [] }, message: e.message, code: e.code });
        r = new Map();
      }
      relsCache.set(part, r);
    }
    return r;
  };
  const xmlCache = new Map<string, XmlNode | null>();
  const xmlOf = async (part: string): Promise<XmlNode | null> => {
    if (xmlCache.has(part)) return xmlCache.get(part)!;
    let root: XmlNode | null = null;
    if (archive.has(part)) {
      try {
        root = await readXml(archive, part, maxXml);
      } catch (e) {
        if (!isOoxmlError(e) || e.code === 'zip_budget' || e.code === 'zip_encrypted') throw e;
        problems.push({ part, owner: owners.get(part) ?? { role: 'other', slides: [] }, message: e.message, code: e.code });
      }
    }
    xmlCache.set(part, root);
    return root;
  };

  // Slides in presentation order.
  const pres = await xmlOf(mainPart);
  if (!pres) {
    const p = problems.find((x) => x.part === mainPart);
    throw new OoxmlError((p?.code as never) ?? 'xml_parse', p?.message ?? '演示文稿主体（presentation.xml）无法读取，请重新保存后再上传。');
  }
  const presRels = await relsOf(mainPart);
  const slides: SlideInfo[] = [];
  const sldIdLst = pres.children.find((c) => localName(c.name) === 'sldIdLst');
  for (const sid of sldIdLst?.children ?? []) {
    if (localName(sid.name) !== 'sldId') continue;
    const rid = attr(sid, 'r:id', 'id');
    const rel = rid ? presRels.get(rid) : undefined;
    if (!rel || rel.external || !archive.has(rel.target)) continue;
    if (slides.some((s) => s.part === rel.target)) continue;
    slides.push({ number: slides.length + 1, part: rel.target, hidden: false });
  }

  const claim = (part: string, role: PartRole, slideNums: number[], via?: PartRole): PartOwner => {
    let o = owners.get(part);
    if (!o) {
      o = { role, slides: [], via };
      owners.set(part, o);
    } else if (rank(role) < rank(o.role)) {
      o.role = role;
      o.via = via;
    }
    addSlides(o, slideNums);
    return o;
  };
  // Content parts reachable from a part (charts, diagrams, embeddings, media, user shapes...).
  const claimContent = async (root: string, via: PartRole, slideNums: number[]) => {
    const queue = [root];
    const seen = new Set<string>(queue);
    while (queue.length) {
      checkTime();
      const part = queue.shift()!;
      for (const rel of (await relsOf(part)).values()) {
        const t = REL(rel.type);
        if (rel.external || NOT_CONTENT.has(t) || seen.has(rel.target)) continue;
        if (!archive.has(rel.target)) continue;
        seen.add(rel.target);
        claim(rel.target, 'content', slideNums, via);
        queue.push(rel.target);
      }
    }
  };

  const layoutSlides = new Map<string, number[]>();
  const masterSlides = new Map<string, number[]>();
  for (const s of slides) {
    checkTime();
    claim(s.part, 'slide', [s.number]);
    const root = await xmlOf(s.part);
    if (root && (root.attrs.show === '0' || root.attrs.show === 'false')) s.hidden = true;
    for (const rel of (await relsOf(s.part)).values()) {
      if (rel.external || !archive.has(rel.target)) continue;
      const t = REL(rel.type);
      if (t === 'slideLayout') {
        s.layout = rel.target;
        layoutSlides.set(rel.target, [...(layoutSlides.get(rel.target) ?? []), s.number]);
      } else if (t === 'notesSlide') {
        s.notes = rel.target;
        claim(rel.target, 'notes', [s.number]);
      }
    }
    await claimContent(s.part, 'slide', [s.number]);
    if (s.notes) await claimContent(s.notes, 'notes', [s.number]);
  }
  // Every layout and master in the package, whether used or not.
  const layoutParts = new Set<string>(layoutSlides.keys());
  const masterParts = new Set<string>();
  for (const rel of presRels.values()) if (!rel.external && REL(rel.type) === 'slideMaster' && archive.has(rel.target)) masterParts.add(rel.target);
  for (const name of archive.names()) {
    const n = name.toLowerCase();
    if (/^ppt\/slidelayouts\/[^/]+\.xml$/.test(n)) layoutParts.add(name);
    if (/^ppt\/slidemasters\/[^/]+\.xml$/.test(n)) masterParts.add(name);
  }
  for (const layout of layoutParts) {
    for (const rel of (await relsOf(layout)).values()) {
      if (!rel.external && REL(rel.type) === 'slideMaster' && archive.has(rel.target)) {
        masterParts.add(rel.target);
        masterSlides.set(rel.target, [...(masterSlides.get(rel.target) ?? []), ...(layoutSlides.get(layout) ?? [])]);
      }
    }
  }
  for (const layout of layoutParts) {
    const nums = layoutSlides.get(layout) ?? [];
    claim(layout, 'layout', nums);
    await claimContent(layout, 'layout', nums);
  }
  for (const master of masterParts) {
    const nums = masterSlides.get(master) ?? [];
    claim(master, 'master', nums);
    await claimContent(master, 'master', nums);
  }

  // External relationships in every relationships part of the package.
  const externalLinks: ExternalLink[] = [];
  for (const name of archive.names()) {
    const m = /^(.*?)_rels\/([^/]+)\.rels$/i.exec(name);
    if (!m) continue;
    const source = `${m[1]}${m[2]}`;
    if (source === '' || /\[content_types\]/i.test(source)) continue;
    checkTime();
    const owner = owners.get(source) ?? { role: 'other' as const, slides: [] };
    for (const rel of (await relsOf(source)).values()) {
      const target = rel.rawTarget.trim();
      // A hyperlink written without TargetMode="External" but with a URL scheme still leaves the deck.
      const schemeLink = !rel.external && REL(rel.type) === 'hyperlink' && /^(?:(?:https?|ftp|file|mailto|tel|news|smb):|\\\\)/i.test(target);
      if (!rel.external && !schemeLink) continue;
      if (!target || target === '#' || /^NULL$/i.test(target)) continue;
      externalLinks.push({ part: source, owner, relType: REL(rel.type), target, relId: rel.id });
    }
  }

  // Text and link actions of every XML part that shows on slides.
  const texts: TextBlock[] = [];
  const outsideActions: LinkAction[] = [];
  const internalJumps: LinkAction[] = [];
  const ordered = [...owners.entries()].sort((a, b) => rank(a[1].role) - rank(b[1].role));
  for (const [part, owner] of ordered) {
    if (!/\.xml$/i.test(part)) continue;
    const lower = part.toLowerCase();
    const isDrawing = owner.role !== 'content' || lower.includes('/charts/') || lower.includes('/diagrams/') || lower.includes('/drawings/');
    if (!isDrawing) continue;
    checkTime();
    const root = await xmlOf(part);
    if (!root) continue;
    const kind = partKind(part, owner.role === 'content' ? (owner.via ?? 'other') : owner.role);
    const { all, visible } = extractText(root, kind === 'chart');
    if (all.trim()) texts.push({ part, owner, kind, text: all, visibleText: owner.role === 'layout' || owner.role === 'master' || owner.via === 'layout' || owner.via === 'master' ? visible : all });
    const rels = await relsOf(part);
    for (const el of findLinkElements(root)) {
      const action = (el.attrs.action ?? '').trim();
      const rid = attr(el, 'r:id', 'id');
      const rel = rid ? rels.get(rid) : undefined;
      if (!action) continue;
      const lowerAction = action.toLowerCase();
      const entry: LinkAction = { part, owner, action, target: rel?.rawTarget };
      if (INTERNAL_ACTIONS.some((a) => lowerAction.startsWith(a))) internalJumps.push(entry);
      else outsideActions.push(entry);
    }
  }

  // Images: every image relationship target and everything under ppt/media that sniffs as an image.
  const images = new Map<string, DeckImage>();
  for (const [part, owner] of owners) {
    if (owner.role === 'content' && isImagePart(part)) images.set(part, { part, owner });
  }
  for (const name of archive.names()) {
    if (images.has(name)) continue;
    if (/^ppt\/media\//i.test(name) && isImagePart(name)) images.set(name, { part: name, owner: owners.get(name) ?? { role: 'other', slides: [] } });
  }

  // Problems found before owners were known: attach owners now.
  for (const p of problems) {
    const o = owners.get(p.part);
    if (o) p.owner = o;
  }

  return {
    mainPart,
    slides,
    owners,
    texts,
    externalLinks,
    outsideActions,
    internalJumps,
    images: [...images.values()],
    problems,
  };
}

function rank(role: PartRole): number {
  return ['slide', 'notes', 'layout', 'master', 'content', 'other'].indexOf(role);
}

/** Image parts by extension (the content is sniffed later). */
export function isImagePart(part: string): boolean {
  return /\.(png|jpe?g|jfif|gif|bmp|dib|tiff?|webp|emf|wmf|svg|wdp|jxr)$/i.test(part);
}

export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** Attribute by qualified name, or by local name under any prefix. */
function attr(el: XmlNode, qname: string, local: string): string | undefined {
  if (el.attrs[qname] !== undefined) return el.attrs[qname];
  for (const k of Object.keys(el.attrs)) if (localName(k) === local && k.includes(':')) return el.attrs[k];
  return undefined;
}

function findLinkElements(root: XmlNode): XmlNode[] {
  const out: XmlNode[] = [];
  const walk = (n: XmlNode) => {
    for (const c of n.children) {
      if (c.name === '#text') continue;
      const l = localName(c.name);
      if (l === 'hlinkClick' || l === 'hlinkMouseOver' || l === 'hlinkHover') out.push(c);
      if (c.children.length) walk(c);
    }
  };
  walk(root);
  return out;
}

/**
 * Text of a drawing part, paragraph by paragraph (runs joined in order, line breaks kept).
 * `visible` leaves out placeholder shapes (prompt text on layouts and masters is not shown on slides).
 */
export function extractText(root: XmlNode, chart: boolean): { all: string; visible: string } {
  const all: string[] = [];
  const visible: string[] = [];
  const paraText = (p: XmlNode): string => {
    let s = '';
    const walk = (n: XmlNode) => {
      for (const c of n.children) {
        if (c.name === '#text') continue;
        const l = localName(c.name);
        if (l === 't') s += c.children.map((x) => x.text ?? '').join('');
        else if (l === 'br') s += '\n';
        else if (l === 'tab') s += '\t';
        else if (c.children.length) walk(c);
      }
    };
    walk(p);
    return s;
  };
  const walk = (n: XmlNode, inPlaceholder: boolean, inStrCache: boolean) => {
    for (const c of n.children) {
      if (c.name === '#text') continue;
      const l = localName(c.name);
      // DrawingML paragraphs (a:p under any prefix; PresentationML has no element named p).
      if (l === 'p' && c.name !== 'p:p') {
        const t = paraText(c);
        all.push(t);
        if (!inPlaceholder) visible.push(t);
        continue;
      }
      if (chart && l === 'v' && inStrCache) {
        const t = c.children.map((x) => x.text ?? '').join('');
        all.push(t);
        visible.push(t);
        continue;
      }
      // Diagram data: dgm:t holds a:p paragraphs, handled above.
      let ph = inPlaceholder;
      if ((l === 'sp' || l === 'pic' || l === 'graphicFrame') && isPlaceholder(c)) ph = true;
      const sc = inStrCache || (chart && (l === 'strCache' || l === 'strLit' || l === 'tx'));
      if (c.children.length) walk(c, ph, sc);
    }
  };
  walk(root, false, false);
  return { all: all.join('\n'), visible: visible.join('\n') };
}

function isPlaceholder(shape: XmlNode): boolean {
  for (const nv of shape.children) {
    if (!localName(nv.name).startsWith('nv')) continue;
    for (const x of nv.children) {
      if (localName(x.name) !== 'nvPr') continue;
      if (x.children.some((y) => localName(y.name) === 'ph')) return true;
    }
  }
  return false;
}

export { isOoxmlError, OoxmlError };
