// Shared plumbing of the browser end-to-end specs: interviewd as a child process, a tiny static
// server for the test pages, Debian's Chromium through playwright-core, and the test speech WAV.
// Nothing here imports an npm package at load time, so a spec can skip (exit 77) with a message
// when tests/e2e/node_modules is missing.
import { spawn, execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import {
  closeSync, createReadStream, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const E2E_DIR = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const PAGES_DIR = join(E2E_DIR, 'pages');
export const WEB_SDK_DIR = resolve(E2E_DIR, '..', '..', 'web', 'sdk');
export const NODE_MODULES = join(E2E_DIR, 'node_modules');
export const SKIP_CODE = 77; // ctest SKIP_RETURN_CODE

// Exits 77 (ctest: skipped) when the npm packages are not installed.
export function requireNodeModules() {
  for (const pkg of ['playwright-core', '@openai/agents-realtime']) {
    if (!existsSync(join(NODE_MODULES, pkg, 'package.json'))) {
      console.log(`# SKIP: ${join(NODE_MODULES, pkg)} is missing; run 'npm ci' in ${E2E_DIR} (./dev test does)`);
      process.exit(SKIP_CODE);
    }
  }
}

// The interviewd binary: first command-line argument, else $INTERVIEWD_BIN.
export function interviewdPath() {
  const bin = process.argv[2] || process.env.INTERVIEWD_BIN;
  if (!bin) throw new Error('usage: node <spec> /path/to/interviewd   (or set INTERVIEWD_BIN)');
  if (!existsSync(bin)) throw new Error(`interviewd not found at ${bin}`);
  return bin;
}

// True inside a network namespace whose only interface is loopback (tests/netns-run).
export function loopbackOnlyNamespace() {
  return Object.keys(networkInterfaces()).every((name) => name === 'lo');
}

export function makeTempDir(prefix = 'irtc-e2e-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// One line a person (or a later script) can grep out of the ctest log: `# metric name=value unit`.
export function metric(name, value, unit = '') {
  const v = typeof value === 'number' ? Math.round(value * 10) / 10 : value;
  console.log(`# metric ${name}=${v}${unit ? ' ' + unit : ''}`);
}

// --- test audio -------------------------------------------------------------------------------

// Speaks `text` with espeak-ng's klatt2 voice (pocketsphinx recognises klatt voices far better than
// espeak's default) and writes a 48 kHz mono 16-bit PCM WAV, as Chromium's fake capture device
// wants, with `leadSeconds` of silence before and `trailSeconds` after so the turn detector sees
// the candidate's turn end before Chromium loops the file.
export function makeSpeechWav(text, outPath, { leadSeconds = 0.5, trailSeconds = 3, voice = 'en-us+klatt2', wpm = 150 } = {}) {
  const raw = `${outPath}.espeak.wav`;
  execFileSync('espeak-ng', ['-v', voice, '-s', String(wpm), '-w', raw, text], { stdio: ['ignore', 'ignore', 'pipe'] });
  execFileSync('sox', [raw, '-r', '48000', '-b', '16', '-c', '1', '-e', 'signed-integer', outPath,
    'pad', String(leadSeconds), String(trailSeconds)], { stdio: ['ignore', 'ignore', 'pipe'] });
  rmSync(raw, { force: true });
  const seconds = Number(execFileSync('soxi', ['-D', outPath]).toString().trim());
  return { path: outPath, seconds };
}

// --- interviewd -------------------------------------------------------------------------------

export const TEST_JWT_SECRET = 'e2e-test-jwt-secret-0123456789abcdef0123456789';
export const TEST_ENGINE_KEY = 'sk-e2e-engine-server-key-0123456789abcdef';

// Starts `interviewd serve --migrate` on a free port (INTERVIEWD_PORT=0 + port file) with its
// data under a fresh temporary folder. The test's own INTERVIEWD_* variables do not leak in.
export async function startInterviewd(bin, { env = {}, timeoutMs = 60000 } = {}) {
  const tmp = makeTempDir('irtc-e2e-server-');
  const portFile = join(tmp.dir, 'port');
  const logPath = join(tmp.dir, 'server.log');
  const vars = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('INTERVIEWD_')));
  Object.assign(vars, {
    INTERVIEWD_DATA_DIR: join(tmp.dir, 'data'),
    INTERVIEWD_PORT: '0',
    INTERVIEWD_PORT_FILE: portFile,
    INTERVIEWD_LISTEN_ADDRESS: '127.0.0.1',
    INTERVIEWD_JWT_SECRET: TEST_JWT_SECRET,
    INTERVIEWD_ENGINE_API_KEY: TEST_ENGINE_KEY,
    INTERVIEWD_ENGINE_HOST_ADDRESSES: '127.0.0.1',
    INTERVIEWD_THREADS: '2',
    INTERVIEWD_LOG_LEVEL: 'info',
    ...env,
  });
  const logFd = openSync(logPath, 'a');
  const child = spawn(bin, ['serve', '--migrate'], { env: vars, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });
  const logs = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');
  const deadline = Date.now() + timeoutMs;
  let port = 0;
  while (Date.now() < deadline) {
    if (existsSync(portFile)) {
      const text = readFileSync(portFile, 'utf8').trim();
      if (text) { port = Number(text); break; }
    }
    if (exited) throw new Error(`interviewd exited during start-up (${JSON.stringify(exited)}):\n${logs()}`);
    await sleep(20);
  }
  if (!port) {
    child.kill('SIGKILL');
    throw new Error(`interviewd did not start listening within ${timeoutMs} ms:\n${logs()}`);
  }
  // SIGTERM, then SIGKILL after 20 s. An unclean exit (a sanitizer report, a crash) is printed with
  // the log's tail; the spec has passed or failed on its own by then.
  const stop = async () => {
    const wasRunning = !exited;
    if (wasRunning) {
      child.kill('SIGTERM');
      const until = Date.now() + 20000;
      while (!exited && Date.now() < until) await sleep(20);
      if (!exited) {
        child.kill('SIGKILL');
        while (!exited) await sleep(20);
        console.log('# interviewd did not stop within 20 s of SIGTERM; killed');
      }
    }
    if (!wasRunning || exited.code !== 0) {
      console.log(`# interviewd exited ${JSON.stringify(exited)}${wasRunning ? '' : ' before the test ended'}; log tail:\n` +
        logs().split('\n').slice(-40).map((l) => `#   ${l}`).join('\n'));
    }
    return exited;
  };
  // The server vanishing as in a crash or a lost network: no drain, no goodbye to any client.
  const kill = async () => {
    if (!exited) child.kill('SIGKILL');
    while (!exited) await sleep(20);
  };
  // Another subcommand (`tenant create …`) against the same data directory and configuration.
  const run = (args) => execFileSync(bin, args, { env: vars, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  return { port, baseUrl: `http://127.0.0.1:${port}`, serverKey: vars.INTERVIEWD_ENGINE_API_KEY, logs, stop, kill, run, tmp };
}

// POST /v1/realtime/client_secrets with the engine's server key; returns the response JSON.
export async function mintEphemeralKey(server, session = {}) {
  const res = await fetch(`${server.baseUrl}/v1/realtime/client_secrets`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.serverKey}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ session: { type: 'realtime', ...session } }),
  });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`client_secrets answered ${res.status}: ${text}`);
  const body = JSON.parse(text);
  if (typeof body.value !== 'string' || !body.value.startsWith('ek_')) {
    throw new Error(`client_secrets returned no ek_ value: ${text}`);
  }
  return body;
}

// --- static pages -----------------------------------------------------------------------------

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
};

// Serves tests/e2e/pages/ at /, the project's browser SDK (web/sdk) at /sdk/ and the browser build
// of @openai/agents-realtime (a self-contained ES module bundle, no bundler needed) at
// /vendor/agents-realtime/, on 127.0.0.1 and a free port.
export async function startStaticServer() {
  const roots = [
    ['/vendor/agents-realtime/', join(NODE_MODULES, '@openai', 'agents-realtime', 'dist', 'bundle')],
    ['/sdk/', WEB_SDK_DIR],
    ['/', PAGES_DIR],
  ];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    for (const [prefix, root] of roots) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(root, path.slice(prefix.length) || 'index.html'));
      if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) break;
      res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-store' });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('not found');
  });
  await new Promise((ok, fail) => server.listen(0, '127.0.0.1', ok).once('error', fail));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// --- Chromium ---------------------------------------------------------------------------------

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// Launches Debian's Chromium headless with a fake microphone that plays (and loops) `wav`. With
// `denyMicrophone` the page is refused the microphone, as when a person clicks "Block".
export async function launchChromium({ wav, denyMicrophone = false } = {}) {
  const { chromium } = await import('playwright-core');
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (Debian package chromium)`);
  const args = [
    ...(denyMicrophone ? [] : ['--use-fake-ui-for-media-stream']),
    '--use-fake-device-for-media-stream',
    '--allow-loopback-in-peer-connection',
    '--autoplay-policy=no-user-gesture-required',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-features=WebRtcHideLocalIpsWithMdns',
  ];
  if (wav) args.push(`--use-file-for-fake-audio-capture=${wav}`);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  const context = await browser.newContext();
  if (!denyMicrophone) await context.grantPermissions(['microphone']);
  const page = await context.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
  return { browser, context, page, consoleLines, close: () => browser.close() };
}

// Screenshots of the page as it is, at a desktop and a phone width, into the artefacts folder:
// <name>.desktop.png and <name>.phone.png.
export const SCREEN_SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
export async function screenshots(page, name) {
  const original = page.viewportSize();
  for (const [label, size] of Object.entries(SCREEN_SIZES)) {
    await page.setViewportSize(size);
    await page.screenshot({ path: artifactPath(`${name}.${label}.png`), fullPage: true });
  }
  if (original) await page.setViewportSize(original);
}

// What a failing step shows beside its message: the page's console and the server log's tail.
export const failureContext = (chrome, server) =>
  `console:\n${chrome.consoleLines.join('\n')}\nserver log (tail):\n${server.logs().split('\n').slice(-40).join('\n')}`;

// Polls `fn` (async, returns a truthy value when done) every `everyMs` until `timeoutMs`.
export async function waitFor(fn, { timeoutMs, everyMs = 250, what = 'condition' }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

// Highest average packet rate over any window of at least `minSeconds` in 1-s stats samples
// [{t (ms), packetsReceived}], and the window it came from.
export function bestPacketRate(samples, minSeconds = 3) {
  let best = { rate: 0, from: null, to: null, seconds: 0 };
  for (let i = 0; i < samples.length; i++) {
    for (let j = i + 1; j < samples.length; j++) {
      const seconds = (samples[j].t - samples[i].t) / 1000;
      if (seconds < minSeconds - 0.1) continue; // 1-s timers drift a few ms
      const rate = (samples[j].packetsReceived - samples[i].packetsReceived) / seconds;
      if (rate > best.rate) best = { rate, from: samples[i].t, to: samples[j].t, seconds };
      break; // the shortest window from i that is long enough
    }
  }
  return best;
}

export function writeJson(path, value) {
  writeFileSync(path, JSON.stringify(value, null, 2));
}

// Where a spec leaves its event log: $E2E_ARTIFACTS (ctest sets it to the build folder), else a
// folder under the system's temporary directory.
export function artifactPath(name) {
  const dir = process.env.E2E_ARTIFACTS || join(tmpdir(), 'irtc-e2e-artifacts');
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}

// One line per data-channel event: arrival time, type and what matters of it.
export function describeEvents(events) {
  return events.map(({ t, type, event: e }) => {
    let detail = '';
    if (e.transcript !== undefined) detail = JSON.stringify(e.transcript);
    else if (e.delta !== undefined && typeof e.delta === 'string') detail = JSON.stringify(e.delta);
    else if (type === 'error') detail = JSON.stringify(e.error ?? e);
    else if (e.response?.status) detail = `${e.response.id} ${e.response.status}${e.response.status_details ? ' ' + JSON.stringify(e.response.status_details) : ''}`;
    else if (e.response?.id) detail = e.response.id;
    else if (e.item?.id) detail = `${e.item.id} ${e.item.role ?? e.item.type ?? ''}`;
    else if (e.item_id) detail = e.item_id;
    else if (e.session) detail = `session ${e.session.id ?? ''} ${e.session.model ?? ''}`;
    else if (e.response_id) detail = e.response_id;
    return `  +${String(Math.round(t)).padStart(6)} ms  ${type}${detail ? '  ' + detail : ''}`;
  }).join('\n');
}
