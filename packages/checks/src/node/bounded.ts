// Bounded subprocesses (Node only), for ffmpeg/ffprobe, LibreOffice and poppler runs on uploaded files:
// - time: the child runs in its own process group; on timeout (or too much output) the whole group gets SIGKILL,
//   so helper processes (soffice.bin, ffmpeg threads) die with it;
// - memory: the address space is capped with `prlimit --as=N` (util-linux); where prlimit is missing the command
//   runs under `sh -c 'ulimit -v KB; exec …'`; where neither exists (not Linux) it runs uncapped and
//   `memoryCap` says 'none';
// - network: with `noNetwork`, the child runs in an empty network namespace (`unshare -rn`: no interfaces, not
//   even loopback) where the kernel allows unprivileged user namespaces; otherwise `network` says 'shared' and the
//   caller's own measures apply (ffmpeg: protocol and format whitelists; LibreOffice: a private profile);
// - output: stdout and stderr are capped.
import { spawn, spawnSync } from 'node:child_process';

export interface BoundedOptions {
  /** Kill the process group after this long (ms). */
  timeoutMs: number;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Run in an empty network namespace when the kernel allows it. */
  noNetwork?: boolean;
  /** Address-space cap in bytes (RLIMIT_AS). */
  maxMemoryBytes?: number;
  /** Kill the group when stdout passes this many bytes (default 64 MiB). */
  maxStdout?: number;
  /** stderr kept (default 1 MiB); more is dropped, not fatal. */
  maxStderr?: number;
}

export interface BoundedResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Killed because the time limit passed. */
  timedOut: boolean;
  /** Killed because stdout passed maxStdout. */
  outputExceeded: boolean;
  stdout: Buffer;
  stderr: string;
  /** How the memory cap was applied. */
  memoryCap: 'prlimit' | 'ulimit' | 'none';
  /** Whether the child had the network. */
  network: 'none' | 'shared';
  /** Spawn error (missing binary…), if any. */
  spawnError?: string;
}

const probeCache = new Map<string, boolean>();
function works(cmd: string, args: string[]): boolean {
  const key = [cmd, ...args].join(' ');
  let ok = probeCache.get(key);
  if (ok === undefined) {
    const r = spawnSync(cmd, args, { timeout: 5000, stdio: 'ignore' });
    ok = r.status === 0;
    probeCache.set(key, ok);
  }
  return ok;
}

/** True when `unshare -rn` works here (unprivileged user + network namespaces). */
export const canIsolateNetwork = () => works('unshare', ['-rn', 'true']);
/** True when prlimit can cap a child's address space. */
export const canPrlimit = () => works('prlimit', ['--as=1073741824', 'true']);
/** True when a POSIX shell with `ulimit -v` is there. */
const canUlimit = () => works('sh', ['-c', 'ulimit -v 1048576 && true']);

/** The argv that applies the limits, and how they were applied. */
export function boundedArgv(cmd: string, args: string[], opts: Pick<BoundedOptions, 'noNetwork' | 'maxMemoryBytes'>): { file: string; argv: string[]; memoryCap: BoundedResult['memoryCap']; network: BoundedResult['network'] } {
  let file = cmd;
  let argv = args;
  let memoryCap: BoundedResult['memoryCap'] = 'none';
  if (opts.maxMemoryBytes && opts.maxMemoryBytes > 0) {
    const bytes = Math.floor(opts.maxMemoryBytes);
    if (canPrlimit()) {
      argv = [`--as=${bytes}`, '--', file, ...argv];
      file = 'prlimit';
      memoryCap = 'prlimit';
    } else if (canUlimit()) {
      argv = ['-c', `ulimit -v ${Math.max(1, Math.floor(bytes / 1024))} && exec "$0" "$@"`, file, ...argv];
      file = 'sh';
      memoryCap = 'ulimit';
    }
  }
  let network: BoundedResult['network'] = 'shared';
  if (opts.noNetwork && canIsolateNetwork()) {
    argv = ['-rn', '--', file, ...argv];
    file = 'unshare';
    network = 'none';
  }
  return { file, argv, memoryCap, network };
}

/** Runs a command with a time limit (process group killed), a memory cap, optional network isolation and output caps. Never rejects. */
export function runBounded(cmd: string, args: string[], opts: BoundedOptions): Promise<BoundedResult> {
  const maxStdout = opts.maxStdout ?? 64 << 20;
  const maxStderr = opts.maxStderr ?? 1 << 20;
  const { file, argv, memoryCap, network } = boundedArgv(cmd, args, opts);
  return new Promise((resolve) => {
    const child = spawn(file, argv, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outLen = 0;
    let stderr = '';
    let timedOut = false;
    let outputExceeded = false;
    let spawnError: string | undefined;
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, opts.timeoutMs);
    child.stdout?.on('data', (b: Buffer) => {
      if (outputExceeded) return;
      outLen += b.length;
      if (outLen > maxStdout) {
        outputExceeded = true;
        killGroup();
      } else out.push(b);
    });
    child.stderr?.on('data', (b: Buffer) => {
      if (stderr.length < maxStderr) stderr += b.toString('utf8');
    });
    let done = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      // Leftover children in the group (soffice.bin, a forked helper) are not wanted either.
      killGroup();
      resolve({ code, signal, timedOut, outputExceeded, stdout: Buffer.concat(out), stderr: spawnError ? `${stderr}${spawnError}` : stderr, memoryCap, network, ...(spawnError ? { spawnError } : {}) });
    };
    child.on('error', (e) => {
      spawnError = String(e);
      // A child that never started emits no 'close'.
      if (child.pid === undefined) finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}
