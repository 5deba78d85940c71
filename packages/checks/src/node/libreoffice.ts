// LibreOffice / poppler adapter (Node only): converts legacy .ppt/.doc to PPTX/DOCX and renders the first and
// last slide of a courseware file to RGBA images. Every run is bounded (bounded.ts): private temp dir and
// LibreOffice profile (removed afterwards), a timeout that kills the whole process group, an address-space cap
// (prlimit, or `ulimit -v`), no network where the kernel lets us drop it (`unshare -rn`), an input size cap,
// serialised runs (LibreOffice is heavy on 2 cores). A bound that was hit rejects with a ToolError.
// When soffice or pdftoppm is missing the ports are simply absent, so the rules that need them become manual.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, writeFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ByteSource, RgbaImage, ToolPorts } from '../types.ts';
import { runBounded as runBoundedProcess, type BoundedResult } from './bounded.ts';
import { ToolError, isToolError } from '../tool-error.ts';
import { memorySource } from '../sources/memory-source.ts';

export interface LibreOfficeOptions {
  /** Path of soffice; default: looked up on PATH. */
  sofficePath?: string;
  /** Path of pdftoppm; default: looked up on PATH. */
  pdftoppmPath?: string;
  /** Upper bound on one soffice run (ms). Default 120 s. */
  timeoutMs?: number;
  /** Largest input accepted (bytes). Default 200 MiB. */
  maxInputBytes?: number;
  /** Long side of the rendered slides in pixels. Default 480. */
  renderLongSide?: number;
  /** Where the private temp dirs go (default os.tmpdir()). */
  tmpRoot?: string;
  /** Address-space cap of one soffice/poppler run (bytes). Default 4 GiB (soffice reserves much more than it touches). */
  maxMemoryBytes?: number;
}

export type LibreOfficePorts = Pick<ToolPorts, 'convertLegacy' | 'renderEdgeSlides'>;

/** Finds an executable on PATH (null when absent). */
export function whichSync(cmd: string): string | null {
  if (cmd.includes('/')) return cmd;
  const r = spawnSync('sh', ['-c', `command -v -- "$1"`, 'sh', cmd], { encoding: 'utf8', timeout: 5000 });
  const p = r.status === 0 ? r.stdout.trim() : '';
  return p ? p : null;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  memoryCap: BoundedResult['memoryCap'];
  network: BoundedResult['network'];
}

/**
 * Runs a command bounded (see bounded.ts): own process group killed on timeout, address space capped, no network
 * when asked and possible. Output is capped at 64 KiB each.
 */
export async function runBounded(
  cmd: string,
  args: string[],
  opts: { timeoutMs: number; cwd?: string; env?: NodeJS.ProcessEnv; noNetwork?: boolean; maxMemoryBytes?: number },
): Promise<RunResult> {
  const r = await runBoundedProcess(cmd, args, { ...opts, maxStdout: 64 * 1024 * 1024, maxStderr: 64 * 1024 });
  return { code: r.code, signal: r.signal, timedOut: r.timedOut, stdout: r.stdout.subarray(0, 64 * 1024).toString('utf8'), stderr: r.stderr, memoryCap: r.memoryCap, network: r.network };
}

// One LibreOffice at a time in this process.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(fn: () => Promise<T>): Promise<T> {
  const run = queue.then(fn, fn);
  queue = run.catch(() => undefined);
  return run;
}

async function readAll(source: ByteSource, maxBytes: number): Promise<Uint8Array | null> {
  if (source.size > maxBytes) return null;
  const out = new Uint8Array(source.size);
  const slice = 4 * 1024 * 1024;
  for (let o = 0; o < source.size; o += slice) {
    const chunk = await source.read(o, Math.min(slice, source.size - o));
    out.set(chunk, o);
    if (chunk.length === 0) break;
  }
  return out;
}

/** Guesses the input extension soffice should see, from the magic bytes. */
function inputExtension(bytes: Uint8Array, to: 'pptx' | 'docx' | 'pdf'): string {
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (to === 'docx') return ole ? 'doc' : zip ? 'docx' : 'bin';
  if (to === 'pptx') return ole ? 'ppt' : zip ? 'pptx' : 'bin';
  return ole ? 'ppt' : 'pptx';
}

/** Parses binary PPM (P6, maxval ≤ 255) or PGM (P5) into RGBA. */
export function parsePnm(b: Uint8Array): RgbaImage {
  let o = 0;
  const token = (): string => {
    for (;;) {
      while (o < b.length && /\s/.test(String.fromCharCode(b[o]!))) o++;
      if (b[o] === 0x23) {
        while (o < b.length && b[o] !== 0x0a) o++;
        continue;
      }
      break;
    }
    const s = o;
    while (o < b.length && !/\s/.test(String.fromCharCode(b[o]!))) o++;
    return String.fromCharCode(...b.subarray(s, o));
  };
  const magic = token();
  if (magic !== 'P6' && magic !== 'P5') throw new Error(`not a binary PNM: ${magic}`);
  const width = Number(token());
  const height = Number(token());
  const maxval = Number(token());
  o++; // single whitespace after maxval
  if (!(width > 0 && height > 0 && maxval > 0 && maxval < 256)) throw new Error('bad PNM header');
  const channels = magic === 'P6' ? 3 : 1;
  if (b.length - o < width * height * channels) throw new Error('truncated PNM');
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = o; i < width * height; i++, p += channels) {
    const r = b[p]!;
    data[i * 4] = r;
    data[i * 4 + 1] = channels === 3 ? b[p + 1]! : r;
    data[i * 4 + 2] = channels === 3 ? b[p + 2]! : r;
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

class LibreOfficeRunner {
  constructor(
    readonly soffice: string,
    readonly pdftoppm: string | null,
    readonly pdfinfo: string | null,
    readonly opts: Required<Pick<LibreOfficeOptions, 'timeoutMs' | 'maxInputBytes' | 'renderLongSide' | 'maxMemoryBytes'>> & Pick<LibreOfficeOptions, 'tmpRoot'>,
  ) {}

  /** Converts `bytes` with soffice in a private temp dir; returns the output bytes or null; a ToolError when a bound was hit. */
  async convert(bytes: Uint8Array, ext: string, to: string): Promise<{ bytes: Uint8Array } | null> {
    const dir = await mkdtemp(join(this.opts.tmpRoot ?? tmpdir(), 'anli-lo-'));
    try {
      const input = join(dir, `input.${ext}`);
      await writeFile(input, bytes);
      const outDir = join(dir, 'out');
      const profile = pathToFileURL(join(dir, 'profile')).href;
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        TMPDIR: dir,
        LANG: 'zh_CN.UTF-8',
        SAL_USE_VCLPLUGIN: 'svp',
      };
      const r = await runBounded(
        this.soffice,
        [
          `-env:UserInstallation=${profile}`,
          '--headless',
          '--invisible',
          '--nologo',
          '--norestore',
          '--nolockcheck',
          '--nodefault',
          '--convert-to',
          to,
          '--outdir',
          outDir,
          input,
        ],
        { timeoutMs: this.opts.timeoutMs, cwd: dir, env, noNetwork: true, maxMemoryBytes: this.opts.maxMemoryBytes },
      );
      if (r.timedOut) throw new ToolError('libreoffice', 'timeout', this.opts.timeoutMs);
      if (r.code !== 0 && /Cannot allocate memory|out of memory|std::bad_alloc/i.test(r.stderr)) throw new ToolError('libreoffice', 'memory', this.opts.maxMemoryBytes);
      const files = await readdir(outDir).catch(() => [] as string[]);
      const outName = files.find((f) => f.toLowerCase().endsWith(`.${to.split(':')[0]}`));
      if (!outName) return null;
      const outPath = join(outDir, outName);
      const st = await stat(outPath);
      if (st.size === 0 || st.size > this.opts.maxInputBytes * 4) return null;
      return { bytes: new Uint8Array(await readFile(outPath)) };
    } catch (e) {
      if (isToolError(e)) throw e;
      return null;
    } finally {
      await rm(dir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async convertLegacy(source: ByteSource, to: 'pptx' | 'docx'): Promise<ByteSource | null> {
    const bytes = await readAll(source, this.opts.maxInputBytes);
    if (!bytes) return null;
    const ext = inputExtension(bytes, to);
    const out = await serialised(() => this.convert(bytes, ext, to));
    if (!out) return null;
    const base = (source.name ?? 'converted').replace(/\.[^.]*$/, '');
    return memorySource(out.bytes, `${base}.${to}`);
  }

  async pageCount(pdfPath: string, pdf: Uint8Array, cwd: string): Promise<number> {
    if (this.pdfinfo) {
      const r = await runBounded(this.pdfinfo, [pdfPath], { timeoutMs: 30_000, cwd, noNetwork: true, maxMemoryBytes: this.opts.maxMemoryBytes });
      const m = /^Pages:\s+(\d+)/m.exec(r.stdout);
      if (m) return Number(m[1]);
    }
    const text = new TextDecoder('latin1').decode(pdf);
    return (text.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
  }

  async renderPage(pdfPath: string, page: number, cwd: string): Promise<RgbaImage | null> {
    if (!this.pdftoppm) return null;
    const prefix = join(cwd, `page-${page}`);
    const r = await runBounded(
      this.pdftoppm,
      ['-f', String(page), '-l', String(page), '-singlefile', '-scale-to', String(this.opts.renderLongSide), pdfPath, prefix],
      { timeoutMs: 60_000, cwd, noNetwork: true, maxMemoryBytes: this.opts.maxMemoryBytes },
    );
    if (r.timedOut) throw new ToolError('poppler', 'timeout', 60_000);
    if (r.code !== 0) return null;
    try {
      return parsePnm(new Uint8Array(await readFile(`${prefix}.ppm`)));
    } catch {
      return null;
    }
  }

  async renderEdgeSlides(courseware: ByteSource): Promise<{ first: RgbaImage; last: RgbaImage } | null> {
    const bytes = await readAll(courseware, this.opts.maxInputBytes);
    if (!bytes) return null;
    return serialised(async () => {
      const dir = await mkdtemp(join(this.opts.tmpRoot ?? tmpdir(), 'anli-render-'));
      try {
        const out = await this.convert(bytes, inputExtension(bytes, 'pdf'), 'pdf');
        if (!out) return null;
        const pdfPath = join(dir, 'slides.pdf');
        await writeFile(pdfPath, out.bytes);
        const pages = await this.pageCount(pdfPath, out.bytes, dir);
        if (pages < 1) return null;
        const first = await this.renderPage(pdfPath, 1, dir);
        const last = pages === 1 ? first : await this.renderPage(pdfPath, pages, dir);
        if (!first || !last) return null;
        return { first, last };
      } catch (e) {
        if (isToolError(e)) throw e;
        return null;
      } finally {
        await rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    });
  }
}

/**
 * Ports backed by LibreOffice (and poppler for rendering). Returns `{}` when soffice is missing;
 * `renderEdgeSlides` is absent when pdftoppm is missing.
 */
export function detectLibreOffice(opts: LibreOfficeOptions = {}): LibreOfficePorts {
  const soffice = opts.sofficePath ?? whichSync('soffice') ?? whichSync('libreoffice');
  if (!soffice) return {};
  const pdftoppm = opts.pdftoppmPath ?? whichSync('pdftoppm');
  const pdfinfo = whichSync('pdfinfo');
  const runner = new LibreOfficeRunner(soffice, pdftoppm, pdfinfo, {
    timeoutMs: opts.timeoutMs ?? 120_000,
    maxInputBytes: opts.maxInputBytes ?? 200 * 1024 * 1024,
    renderLongSide: opts.renderLongSide ?? 480,
    tmpRoot: opts.tmpRoot,
    maxMemoryBytes: opts.maxMemoryBytes ?? 4 * 1024 ** 3,
  });
  // A bound that was hit (timeout, memory) rejects with a ToolError, so the checker can tell the author why;
  // anything else that goes wrong resolves to null (the affected rules become manual).
  const onlyToolErrors = (e: unknown) => {
    if (isToolError(e)) throw e;
    return null;
  };
  const ports: LibreOfficePorts = {
    convertLegacy: (source, to) => runner.convertLegacy(source, to).catch(onlyToolErrors),
  };
  if (pdftoppm) ports.renderEdgeSlides = (c) => runner.renderEdgeSlides(c).catch(onlyToolErrors);
  return ports;
}
