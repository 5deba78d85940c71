// The setup every browser test repeats, in one place: call `e2eServer(options)` inside a describe block and it
// registers the hooks itself. Its beforeAll checks that the web app is built, starts the test server with the given
// options, then opens the browser sessions declared with `env.session()`; its afterAll closes every session it opened
// and then the server, even when a test (or another hook) failed. A file's own beforeAll, registered after the call,
// runs after the server and the sessions are up; a file's own afterAll runs before they are closed.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer } from '../../apps/server/src/testing/test-server.ts';
import { launchSession, type BrowserSession } from './browser.ts';
import { login } from './login.ts';

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;
export type TestServerOptions = NonNullable<Parameters<typeof startTestServer>[0]>;

const distIndex = fileURLToPath(new URL('../../apps/web/dist/index.html', import.meta.url));

export interface E2eEnv {
  /** The running test server (inside tests and hooks only). */
  readonly server: TestServer;
  /** The server's base URL, e.g. http://127.0.0.1:41234 (inside tests and hooks only). */
  readonly url: string;
  /**
   * Declares a browser session, opened by the beforeAll (in declaration order) and closed by the afterAll. Call it
   * next to `e2eServer()`, at collection time; the returned handle's page and context work inside tests and hooks.
   */
  session(): BrowserSession;
  /** Opens a browser session now (inside a test or hook); the afterAll closes it if the test did not. */
  openSession(): Promise<BrowserSession>;
  /** Logs a session in at this server through the login page (see helpers/login.ts for the options). */
  login(session: BrowserSession, phone: string, opts?: Parameters<typeof login>[3]): Promise<void>;
}

/**
 * Registers beforeAll/afterAll hooks for a test server and its browser sessions in the current describe block.
 * `hooks.timeout` bounds each of the two hooks (default 300 s: seeding the demo data and starting Chromium are slow on
 * a loaded machine).
 */
export function e2eServer(options: TestServerOptions = {}, hooks: { timeout?: number } = {}): E2eEnv {
  const timeout = hooks.timeout ?? 300_000;
  let server: TestServer | undefined;
  const declared: Array<{ session?: BrowserSession }> = [];
  const opened: BrowserSession[] = [];
  let started = false;

  const open = async () => {
    const s = await launchSession();
    opened.push(s);
    return s;
  };

  beforeAll(async () => {
    if (!existsSync(distIndex)) throw new Error('apps/web/dist is missing: run `npm run build` first (npm test does)');
    server = await startTestServer(options);
    started = true;
    for (const slot of declared) slot.session = await open();
  }, timeout);

  afterAll(async () => {
    const errors: unknown[] = [];
    for (const s of opened.splice(0)) await s.close().catch((e: unknown) => errors.push(e));
    await server?.close().catch((e: unknown) => errors.push(e));
    server = undefined;
    if (errors.length) throw errors[0];
  }, timeout);

  const need = () => {
    if (!server) throw new Error('the test server is not running: use env.server inside a test or hook after e2eServer()');
    return server;
  };

  return {
    get server() {
      return need();
    },
    get url() {
      return need().url;
    },
    session() {
      if (started) throw new Error('env.session() declares a session before the tests run: inside a test use env.openSession()');
      const slot: { session?: BrowserSession } = {};
      declared.push(slot);
      const get = () => {
        if (!slot.session) throw new Error('the browser session is not open yet: use it inside a test or hook after e2eServer()');
        return slot.session;
      };
      return {
        get context() {
          return get().context;
        },
        get page() {
          return get().page;
        },
        get pageErrors() {
          return get().pageErrors;
        },
        close: () => get().close(),
      };
    },
    openSession: open,
    login: (session, phone, opts) => login(session.page, need().url, phone, opts),
  };
}
