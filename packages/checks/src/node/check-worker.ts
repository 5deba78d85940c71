// The checker inside a worker thread (see isolated.ts). Bytes and tools stay in the parent: reads and tool calls
// are requests over the message port, so the worker holds no file handle, no credentials and no subprocess.
import { parentPort } from 'node:worker_threads';
import { checkFile } from '../index.ts';
import { ToolError } from '../tool-error.ts';
import type { ByteSource, CheckOptions, ToolPorts } from '../types.ts';
import type { ParentMessage, RemoteSourceDesc, WorkerMessage } from './isolated.ts';

const port = parentPort!;
let seq = 0;
const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();

type Request = WorkerMessage extends infer M ? (M extends { reqId: number } ? Omit<M, 'reqId'> : never) : never;

function request(msg: Request): Promise<unknown> {
  const reqId = ++seq;
  return new Promise((resolve, reject) => {
    waiting.set(reqId, { resolve, reject });
    port.postMessage({ ...msg, reqId } as WorkerMessage);
  });
}

type RemoteSource = ByteSource & { sourceId: number };

function remoteSource(d: RemoteSourceDesc): RemoteSource {
  const bytes = d.bytes;
  return {
    sourceId: d.id,
    size: d.size,
    name: d.name,
    // A small file came whole; a larger one is read from the parent piece by piece.
    read: bytes
      ? async (offset, length) => bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length))
      : (offset, length) => request({ type: 'read', sourceId: d.id, offset, length }) as Promise<Uint8Array>,
  };
}

function toolPorts(names: Array<keyof ToolPorts>): ToolPorts {
  const ports: ToolPorts = {};
  const call = (tool: keyof ToolPorts, src: ByteSource, to?: string) => request({ type: 'tool', tool, sourceId: (src as RemoteSource).sourceId, to });
  for (const name of names) {
    if (name === 'convertLegacy') ports.convertLegacy = async (src, to) => {
      const d = (await call(name, src, to)) as RemoteSourceDesc | null;
      return d ? remoteSource(d) : null;
    };
    else if (name === 'analyzeAudio') ports.analyzeAudio = (src) => call(name, src) as ReturnType<NonNullable<ToolPorts['analyzeAudio']>>;
    else if (name === 'extractEdgeFrames') ports.extractEdgeFrames = (src) => call(name, src) as ReturnType<NonNullable<ToolPorts['extractEdgeFrames']>>;
    else if (name === 'renderEdgeSlides') ports.renderEdgeSlides = (src) => call(name, src) as ReturnType<NonNullable<ToolPorts['renderEdgeSlides']>>;
  }
  return ports;
}

port.on('message', (m: ParentMessage) => {
  if (m.type === 'reply') {
    const w = waiting.get(m.reqId);
    if (!w) return;
    waiting.delete(m.reqId);
    if (m.toolError) w.reject(new ToolError(m.toolError.tool, m.toolError.reason, m.toolError.limit));
    else if (m.error !== undefined) w.reject(new Error(m.error));
    else w.resolve(m.value);
    return;
  }
  if (m.type === 'check') {
    const options: CheckOptions = {
      ...m.options,
      tools: toolPorts(m.tools),
      courseware: m.courseware ? remoteSource(m.courseware) : undefined,
    };
    checkFile(remoteSource(m.source), options).then(
      (report) => port.postMessage({ type: 'done', checkId: m.checkId, report } as WorkerMessage),
      (e: unknown) => port.postMessage({ type: 'failed', checkId: m.checkId, error: String(e) } as WorkerMessage),
    );
  }
});
port.postMessage({ type: 'ready' } as WorkerMessage);
