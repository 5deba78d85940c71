// The checker run in a worker thread with hard bounds (Node only). The pure checker keeps its own time budget, but
// a parser stuck in synchronous work (a pathological XML part, a huge text block) cannot be interrupted by a timer
// on the same thread, and would also stall the server's event loop. Here:
// - time: the worker is terminated when the check overruns `timeoutMs` + a grace period;
// - memory: the worker's V8 heap is capped (`resourceLimits`); overrunning it ends the worker, not the process
//   (buffers outside the heap are bounded by the zip/moov budgets of the parsers);
// - the bytes and the tool ports (ffmpeg, LibreOffice — themselves bounded subprocesses) stay in this thread and
//   are reached by message, so the worker never holds a file handle or spawns anything.
// Whatever happens, the caller gets a report: a killed check is an `error` result on the file's rule with a
// Chinese message saying what to do.
import { Worker } from 'node:worker_threads';
import type { ByteSource, CheckAs, CheckOptions, CheckReport, RuleResult, ToolPorts } from '../types.ts';
import { isToolError, type ToolFailure, type ToolName } from '../tool-error.ts';

export interface RemoteSourceDesc {
  id: number;
  size: number;
  name?: string;
  /** The whole file, for a small one (≤ INLINE_MAX_BYTES): the worker reads it without a message per read. */
  bytes?: Uint8Array;
}

/** Files up to this size travel to the worker whole (an Office file's zip directory and parts take dozens of reads). */
export const INLINE_MAX_BYTES = 4 * 2 ** 20;

async function describeSource(id: number, s: ByteSource, inlineMax: number): Promise<RemoteSourceDesc> {
  const d: RemoteSourceDesc = { id, size: s.size, name: s.name };
  if (s.size <= inlineMax) d.bytes = new Uint8Array(await s.read(0, s.size));
  return d;
}

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'read'; reqId: number; sourceId: number; offset: number; length: number }
  | { type: 'tool'; reqId: number; tool: keyof ToolPorts; sourceId: number; to?: string }
  | { type: 'done'; checkId: number; report: CheckReport }
  | { type: 'failed'; checkId: number; error: string };

/** Messages to the worker. */
export type ParentMessage =
  | { type: 'reply'; reqId: number; value?: unknown; error?: string; toolError?: { tool: ToolName; reason: ToolFailure; limit?: number } }
  | {
      type: 'check';
      checkId: number;
      source: RemoteSourceDesc;
      courseware?: RemoteSourceDesc;
      tools: Array<keyof ToolPorts>;
      options: Omit<CheckOptions, 'tools' | 'courseware'>;
    };

export interface IsolationOptions {
  /** V8 old-generation cap of a worker (MiB). Default 512 (a legitimate file's XML needs a fraction of it; pictures are outside the heap). */
  maxHeapMb?: number;
  /** Time past the check's own timeoutMs before the worker is terminated (ms). Default 15 s. */
  graceMs?: number;
  /** Idle workers kept for reuse. Default 2. */
  keepIdle?: number;
  /** Files up to this size are sent whole; larger ones are read by message. Default INLINE_MAX_BYTES. */
  inlineMaxBytes?: number;
}

const FILE_RULE: Record<CheckAs, string> = { video: 'video.container', courseware: 'courseware.format', report: 'report.format', infoform: 'infoform.pdf' };
const TOOL_NAMES: Array<keyof ToolPorts> = ['analyzeAudio', 'extractEdgeFrames', 'renderEdgeSlides', 'convertLegacy'];

function killedReport(as: CheckAs, name: string | undefined, actual: string, message: string): CheckReport {
  const rule = as === 'infoform' && !/\.pdf$/i.test(name ?? '') ? 'infoform.word' : FILE_RULE[as];
  const r: RuleResult = { rule, status: 'error', actual, expected: '在限定的时间和内存内完成检查', message };
  return { verdict: 'fail', results: [r] };
}

// Worker threads do not inherit tsx's loader: from the TypeScript sources a small bootstrap registers it, then loads
// the worker module. The production build (scripts/build-server.ts) bundles the worker as check-worker.js beside the
// server's bundle, which loads it directly.
const COMPILED = !import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(COMPILED ? './check-worker.js' : './check-worker.ts', import.meta.url).href;
function bootstrap(): string {
  if (COMPILED) return `import(${JSON.stringify(WORKER_URL)})`;
  let api = 'tsx/esm/api';
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    /* resolved by the worker from the working directory */
  }
  return `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL)}); })`;
}

interface Run {
  checkId: number;
  resolve: (r: CheckReport) => void;
  sources: Map<number, ByteSource>;
  tools: ToolPorts;
}

class CheckWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  run: Run | null = null;
  dead = false;
  private onDeath: (why: 'memory' | 'crash', detail: string) => void = () => undefined;

  constructor(maxHeapMb: number) {
    this.worker = new Worker(bootstrap(), { eval: true, resourceLimits: { maxOldGenerationSizeMb: maxHeapMb, maxYoungGenerationSizeMb: 64 }, stdout: false, stderr: false });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: WorkerMessage) => {
        if (m.type === 'ready') resolve();
        else void this.handle(m);
      };
      this.worker.on('message', onMessage);
      this.worker.on('error', (e: Error & { code?: string }) => {
        this.dead = true;
        reject(e);
        this.onDeath(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'crash', String(e));
      });
      this.worker.on('exit', (code) => {
        const wasDead = this.dead;
        this.dead = true;
        reject(new Error(`check worker exited with ${code}`));
        if (!wasDead) this.onDeath('crash', `exit ${code}`);
      });
    });
    this.ready.catch(() => undefined);
  }

  whenDead(f: (why: 'memory' | 'crash', detail: string) => void) {
    this.onDeath = f;
  }

  private reply(msg: ParentMessage) {
    if (!this.dead) this.worker.postMessage(msg);
  }

  private async handle(m: WorkerMessage) {
    const run = this.run;
    if (m.type === 'done' || m.type === 'failed') return; // handled by check()
    if (!run) return;
    if (m.type === 'read') {
      const src = run.sources.get(m.sourceId);
      try {
        if (!src) throw new Error('unknown source');
        const b = await src.read(m.offset, m.length);
        // A copy: the source may hand out views of a larger buffer, which must not be detached.
        this.reply({ type: 'reply', reqId: m.reqId, value: new Uint8Array(b) });
      } catch (e) {
        this.reply({ type: 'reply', reqId: m.reqId, error: String((e as Error)?.message ?? e) });
      }
      return;
    }
    if (m.type === 'tool') {
      const src = run.sources.get(m.sourceId);
      try {
        const f = run.tools[m.tool];
        if (!src || !f) throw new Error(`tool ${m.tool} unavailable`);
        let value: unknown;
        if (m.tool === 'convertLegacy') {
          const out = await (f as NonNullable<ToolPorts['convertLegacy']>)(src, m.to as 'pptx' | 'docx');
          if (out) {
            const id = run.sources.size + 1;
            run.sources.set(id, out);
            value = { id, size: out.size, name: out.name } satisfies RemoteSourceDesc;
          } else value = null;
        } else value = await (f as (s: ByteSource) => Promise<unknown>)(src);
        this.reply({ type: 'reply', reqId: m.reqId, value });
      } catch (e) {
        if (isToolError(e)) this.reply({ type: 'reply', reqId: m.reqId, toolError: { tool: e.tool, reason: e.reason, limit: e.limit }, error: e.message });
        else this.reply({ type: 'reply', reqId: m.reqId, error: String((e as Error)?.message ?? e) });
      }
    }
  }
}

/** Runs checks in worker threads, each bounded in time and heap. */
export class IsolatedChecker {
  private idle: CheckWorker[] = [];
  private all = new Set<CheckWorker>();
  private seq = 0;
  private readonly maxHeapMb: number;
  private readonly graceMs: number;
  private readonly keepIdle: number;
  private readonly inlineMaxBytes: number;

  constructor(opts: IsolationOptions = {}) {
    this.maxHeapMb = opts.maxHeapMb ?? 512;
    this.graceMs = opts.graceMs ?? 15_000;
    this.keepIdle = opts.keepIdle ?? 2;
    this.inlineMaxBytes = opts.inlineMaxBytes ?? INLINE_MAX_BYTES;
  }

  /** Checks one file in a worker. Never rejects: a killed or crashed check is an `error` result. */
  async check(source: ByteSource, options: CheckOptions): Promise<CheckReport> {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const w = this.take();
    const checkId = ++this.seq;
    const sources = new Map<number, ByteSource>([[1, source]]);
    if (options.courseware) sources.set(2, options.courseware);
    const tools = options.tools ?? {};
    const { tools: _t, courseware: _c, ...plain } = options;
    return new Promise<CheckReport>((resolve) => {
      let settled = false;
      const finish = (report: CheckReport, reuse: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        w.worker.off('message', onDone);
        w.run = null;
        w.worker.unref();
        if (reuse && !w.dead && this.idle.length < this.keepIdle) this.idle.push(w);
        else this.kill(w);
        resolve(report);
      };
      const secs = Math.round((timeoutMs + this.graceMs) / 1000);
      const timer = setTimeout(
        () =>
          finish(
            killedReport(
              options.as,
              source.name,
              `超过 ${secs} 秒未完成，已终止`,
              `文件检查超过 ${secs} 秒仍未完成，已被终止；文件可能过大或结构异常。请用原软件重新导出或另存后再上传；如仍有问题请联系省级管理员。`,
            ),
            false,
          ),
        timeoutMs + this.graceMs,
      );
      const onDone = (m: WorkerMessage) => {
        if ((m.type === 'done' || m.type === 'failed') && m.checkId === checkId) {
          if (m.type === 'done') finish(m.report, true);
          else finish(killedReport(options.as, source.name, m.error, '文件检查出错，文件可能已损坏或格式不符。请重新导出文件后再上传。'), false);
        }
      };
      w.whenDead((why, detail) =>
        finish(
          why === 'memory'
            ? killedReport(options.as, source.name, `内存超过 ${this.maxHeapMb} MB 上限，已终止`, `文件检查占用内存超过上限（${this.maxHeapMb} MB），已被终止；文件可能过大或结构异常。请精简内容、压缩图片后重新导出再上传。`)
            : killedReport(options.as, source.name, detail, '文件检查程序异常退出，文件可能已损坏或结构异常。请重新导出文件后再上传；如仍有问题请联系省级管理员。'),
          false,
        ),
      );
      w.worker.on('message', onDone);
      w.worker.ref();
      w.run = { checkId, resolve, sources, tools };
      Promise.all([
        w.ready,
        describeSource(1, source, this.inlineMaxBytes),
        options.courseware ? describeSource(2, options.courseware, this.inlineMaxBytes) : undefined,
      ]).then(
        ([, main, courseware]) => {
          if (settled) return;
          const msg: ParentMessage = {
            type: 'check',
            checkId,
            source: main,
            ...(courseware ? { courseware } : {}),
            tools: TOOL_NAMES.filter((t) => typeof tools[t] === 'function'),
            options: plain,
          };
          const transfer = [main.bytes?.buffer, courseware?.bytes?.buffer].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
          w.worker.postMessage(msg, transfer);
        },
        (e: unknown) => {
          // The worker died (whenDead reports it) or the file could not be read.
          if (!w.dead) finish(killedReport(options.as, source.name, String((e as Error)?.message ?? e), '文件读取失败，请重新上传；如仍有问题请联系省级管理员。'), true);
        },
      );
    });
  }

  private take(): CheckWorker {
    let w = this.idle.pop();
    while (w && w.dead) w = this.idle.pop();
    if (w) return w;
    const fresh = new CheckWorker(this.maxHeapMb);
    this.all.add(fresh);
    return fresh;
  }

  private kill(w: CheckWorker) {
    this.all.delete(w);
    this.idle = this.idle.filter((x) => x !== w);
    w.dead = true;
    void w.worker.terminate().catch(() => undefined);
  }

  /** Number of live workers (tests). */
  get workers(): number {
    return this.all.size;
  }

  async close(): Promise<void> {
    const ws = [...this.all];
    this.all.clear();
    this.idle = [];
    await Promise.all(ws.map((w) => w.worker.terminate().catch(() => undefined)));
  }
}

let shared: IsolatedChecker | null = null;
/** The process-wide isolated checker (lazy; workers are unref'd while idle, so it never keeps the process alive). */
export function sharedIsolatedChecker(): IsolatedChecker {
  return (shared ??= new IsolatedChecker());
}
