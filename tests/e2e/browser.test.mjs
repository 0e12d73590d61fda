// Browser end-to-end tests of the gateway's guard against web pages (issue 9, section 3):
// "a page on another origin cannot get a request run, preflighted or not; with its origin
// allowed, the official openai client in the page works".
//
// Run through run-browser-e2e.sh, which installs the pinned `openai` and `puppeteer-core`
// packages beside this file and passes these variables:
//   SWITCHBOARD_BIN             the switchboard binary
//   SWITCHBOARD_WORK_DIR        a fresh temporary dir (data dirs, configs, gateway logs)
//   SWITCHBOARD_CHROMIUM        Debian's Chromium (/usr/bin/chromium)
//   SWITCHBOARD_DEFAULT_CONFIG  resources/default-config.json (the built-in mock backend)
//
// The test serves its own pages from a Node http server on 127.0.0.1, port 0: another origin
// than any gateway's (a different port is a different origin, RFC 6454 section 4), reached as
// http://127.0.0.1:PORT and as http://localhost:PORT. It starts two gateways with
// `switchboard serve --listen 127.0.0.1:0`: "default" on the embedded default config (no origin
// allowed) and "allowing" on a config whose server.cors.allowedOrigins lists
// http://127.0.0.1:PORT exactly. What counts as "a request run" is a call to the mock backend:
// switchboard_requests_total with a backend label, or a log row with upstream attempts.
//
// Nothing here sleeps for a fixed time: each step waits for an event (a page's promise, a
// counter of the gateway's /metrics) with a generous deadline.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import {
  STEP_MS, queryLog as queryGatewayLog, startGateway as startGatewayIn, stopGateway, waitFor,
} from './gateways.mjs';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this suite through tests/e2e/run-browser-e2e.sh`);
  return value;
}

const BIN = requireEnv('SWITCHBOARD_BIN');
const WORK_DIR = requireEnv('SWITCHBOARD_WORK_DIR');
const CHROMIUM = requireEnv('SWITCHBOARD_CHROMIUM');
const DEFAULT_CONFIG = requireEnv('SWITCHBOARD_DEFAULT_CONFIG');
const OPENAI_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'node_modules', 'openai');

// Deadlines, generous for a loaded 2-core machine; a passing run takes a few seconds. STEP_MS
// (gateways.mjs) bounds one wait: a gateway's start, a counter, a page's promise.
const TEST_MS = 45_000; // one test (run-browser-e2e.sh bounds the whole file at 60 s)

// A valid chat completion on the mock backend: what a page would like the gateway to run.
const CHAT = { model: 'mock-fast', messages: [{ role: 'user', content: 'Spend the operator key.' }] };

// --- the gateways (gateways.mjs) ----------------------------------------------------------------

const gateways = [];
async function startGateway(name, config) {
  const gateway = await startGatewayIn({ bin: BIN, workDir: WORK_DIR, name, config });
  gateways.push(gateway);
  return gateway;
}
const queryLog = (gateway) => queryGatewayLog(BIN, gateway.dataDir);

// The gateway's /metrics as [{name, labels, value}]. Node's fetch sends no Origin header, and
// its Host is the loopback address the gateway listens on.
async function metrics(gateway) {
  const response = await fetch(`${gateway.root}/metrics`);
  assert.equal(response.status, 200, `${gateway.name} /metrics`);
  const samples = [];
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

// Calls of a model: answered requests that went to a backend.
async function modelCalls(gateway) {
  return (await metrics(gateway))
    .filter((s) => s.name === 'switchboard_requests_total' && s.labels.backend)
    .reduce((n, s) => n + s.value, 0);
}

async function rejections(gateway, status, reason) {
  return (await metrics(gateway))
    .filter((s) => s.name === 'switchboard_http_rejections_total' && s.labels.status === String(status) &&
                   (reason === undefined || s.labels.reason === reason))
    .reduce((n, s) => n + s.value, 0);
}

// Runs attempt() and waits until the gateway has refused one more request with 403 `reason`.
async function expectRefused(gateway, reason, what, attempt) {
  const before = await rejections(gateway, 403, reason);
  const result = await attempt();
  await waitFor(`${gateway.name} to refuse ${what} (403 ${reason})`,
                async () => (await rejections(gateway, 403, reason)) > before);
  return result;
}

// --- the pages ---------------------------------------------------------------------------------

// What a hostile page does: every way a page can send a POST to another origin. Each function
// settles once the browser is done with its attempt (a beacon has no completion: the test
// waits for the gateway's counter instead).
const HOSTILE_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>a page on another origin</title>
<body>
<script>
const BODY = ${JSON.stringify(JSON.stringify(CHAT))};
let sinks = 0;
window.attack = {
  // A "simple" request (CORS-safelisted content type): sent without a preflight.
  async textPlain(url) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: BODY });
      return 'answered ' + response.status;
    } catch (error) {
      return 'failed: ' + error.name;
    }
  },
  // application/json needs a CORS preflight (OPTIONS) first.
  async json(url) {
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: BODY });
      return 'answered ' + response.status;
    } catch (error) {
      return 'failed: ' + error.name;
    }
  },
  // A form with enctype=text/plain sends "name=value\\r\\n": this name and value make the body a
  // valid chat completion. Submitted into an iframe, so the page stays.
  form(url) {
    return new Promise((resolve) => {
      const iframe = document.createElement('iframe');
      iframe.name = 'sink' + ++sinks;
      document.body.append(iframe);
      iframe.addEventListener('load', () => resolve('loaded'), { once: true });
      const form = document.createElement('form');
      form.method = 'post';
      form.enctype = 'text/plain';
      form.action = url;
      form.target = iframe.name;
      const input = document.createElement('input');
      input.type = 'hidden';
      input.name = BODY.slice(0, -4);
      input.value = '"}]}';
      form.append(input);
      document.body.append(form);
      form.submit();
    });
  },
  // A beacon: a text/plain POST the page never sees the answer of.
  beacon(url) {
    return navigator.sendBeacon(url, BODY) ? 'queued' : 'not queued';
  },
};
</script>
`;

// The official openai client, as ESM from node_modules (it has no runtime dependencies).
const CLIENT_PAGE = `<!doctype html>
<meta charset="utf-8">
<title>the openai client in a page</title>
<script type="importmap">{ "imports": { "openai": "/node_modules/openai/index.mjs" } }</script>
<script type="module">
import OpenAI from 'openai';
window.chat = async (baseURL) => {
  const client = new OpenAI({ baseURL, apiKey: 'sk-browser-e2e', dangerouslyAllowBrowser: true,
                              maxRetries: 0, timeout: 20000 });
  const messages = [{ role: 'user', content: 'Hello from a web page.' }];
  try {
    const whole = await client.chat.completions.create({ model: 'mock-fast', messages });
    document.getElementById('answer').textContent = whole.choices[0].message.content;
    const stream = await client.chat.completions.create({ model: 'mock-fast', messages, stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta?.content ?? '';
    document.getElementById('streamed').textContent = streamed;
    return { ok: true, model: whole.model, answer: whole.choices[0].message.content, streamed };
  } catch (error) {
    return { ok: false, error: error.constructor.name + ': ' + error.message };
  }
};
window.openaiLoaded = true;
</script>
<pre id="answer"></pre>
<pre id="streamed"></pre>
`;

const MODULE_TYPES = { '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.map': 'application/json' };

function servePages(request, response) {
  const send = (status, type, body) => {
    response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    response.end(body);
  };
  const { pathname } = new URL(request.url, 'http://pages');
  if (pathname === '/hostile.html') return send(200, 'text/html; charset=utf-8', HOSTILE_PAGE);
  if (pathname === '/client.html') return send(200, 'text/html; charset=utf-8', CLIENT_PAGE);
  const prefix = '/node_modules/openai/';
  if (pathname.startsWith(prefix)) {
    const file = path.resolve(OPENAI_DIR, decodeURIComponent(pathname.slice(prefix.length)));
    const type = MODULE_TYPES[path.extname(file)];
    if (file.startsWith(OPENAI_DIR + path.sep) && type) {
      readFile(file).then((body) => send(200, type, body), () => send(404, 'text/plain', 'not found'));
      return;
    }
  }
  send(404, 'text/plain', 'not found');
}

// --- setup -------------------------------------------------------------------------------------

let pageServer;
let pagePort;
let browser;
let defaultGateway; // the embedded default config: no origin allowed
let allowingGateway; // allows http://127.0.0.1:<pagePort> exactly

before(async () => {
  pageServer = http.createServer(servePages);
  await new Promise((resolve, reject) => {
    pageServer.once('error', reject);
    pageServer.listen(0, '127.0.0.1', resolve);
  });
  pagePort = pageServer.address().port;

  const config = JSON.parse(await readFile(DEFAULT_CONFIG, 'utf8'));
  config.server = { ...config.server, cors: { allowedOrigins: [`http://127.0.0.1:${pagePort}`] } };
  [defaultGateway, allowingGateway] = await Promise.all([
    startGateway('default'), startGateway('allowing', config)]);

  browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true, // Chromium's --headless=new
    pipe: true,
    timeout: STEP_MS,
    protocolTimeout: STEP_MS,
    args: [
      '--no-sandbox', // CI runs as root
      '--no-proxy-server', // every origin here is loopback, whatever the environment says
      // A name that resolves to loopback, for the DNS rebinding case (no DNS needed).
      '--host-resolver-rules=MAP rebind.test 127.0.0.1',
      // Chromium's own Local Network Access checks block a page that did not come from
      // loopback from calling loopback at all. Other browsers (and older Chromium) have none:
      // the gateway's checks must hold without them, so they are what this test exercises.
      '--disable-features=LocalNetworkAccessChecks',
    ],
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (pageServer ? pageServer.close(resolve) : resolve()));
  await Promise.allSettled(gateways.map(stopGateway));
});

// A fresh page in its own browser context (no shared cache or cookies between tests).
async function openPage(url) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  const response = await page.goto(url, { waitUntil: 'load', timeout: STEP_MS });
  return { context, page, response, errors };
}

// --- a. no request runs from a page on another origin ------------------------------------------

test('a page on another origin cannot get a request run on the default config', { timeout: TEST_MS }, async () => {
  const target = `${defaultGateway.root}/v1/chat/completions`;
  for (const origin of [`http://127.0.0.1:${pagePort}`, `http://localhost:${pagePort}`]) {
    const { context, page, response } = await openPage(`${origin}/hostile.html`);
    try {
      assert.equal(response.status(), 200, `${origin}/hostile.html loaded`);
      const run = (name) => page.evaluate((n, url) => window.attack[n](url), name, target);

      assert.equal(await expectRefused(defaultGateway, 'origin_not_allowed', `${origin}: a text/plain fetch`,
                                       () => run('textPlain')), 'failed: TypeError');
      // The preflight is refused; the POST itself is never sent.
      assert.equal(await expectRefused(defaultGateway, 'origin_not_allowed', `${origin}: the preflight of a JSON fetch`,
                                       () => run('json')), 'failed: TypeError');
      assert.equal(await expectRefused(defaultGateway, 'origin_not_allowed', `${origin}: a text/plain form POST`,
                                       () => run('form')), 'loaded');
      assert.equal(await expectRefused(defaultGateway, 'origin_not_allowed', `${origin}: a beacon`,
                                       () => run('beacon')), 'queued');
    } finally {
      await context.close();
    }
  }

  assert.equal(await modelCalls(defaultGateway), 0, 'no request reached the model');
  const refused = await rejections(defaultGateway, 403, 'origin_not_allowed');
  assert.ok(refused >= 8, `8 attempts, ${refused} refusals`);
  // The request log agrees: every row is a refusal without an upstream call. Rows reach the
  // disk within ~200 ms.
  const rows = await waitFor('a log row per refusal', async () => {
    const r = await queryLog(defaultGateway);
    return r.length >= refused && r;
  });
  for (const row of rows) {
    assert.equal(row.status, 403, JSON.stringify(row));
    assert.deepEqual(row.attempts ?? [], [], `no upstream call: ${JSON.stringify(row)}`);
    assert.equal(row.completion_tokens ?? 0, 0);
  }

  // Control: the body the pages sent is a chat completion the gateway runs for a client that is
  // not a browser (no Origin), so "nothing ran" above is the guard's doing.
  const control = await fetch(target, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(CHAT) });
  assert.equal(control.status, 200, await control.text());
  assert.equal(await modelCalls(defaultGateway), 1, 'the control request ran');
});

// --- b. an allowed origin: the official openai client works in the page -----------------------

test('with its origin allowed, the official openai client in the page works', { timeout: TEST_MS }, async () => {
  const { context, page, response, errors } = await openPage(`http://127.0.0.1:${pagePort}/client.html`);
  try {
    assert.equal(response.status(), 200);
    await page.waitForFunction(() => window.openaiLoaded === true, { timeout: STEP_MS })
      .catch((error) => { throw new Error(`the openai module did not load (${errors.join('; ')}): ${error}`); });
    const result = await page.evaluate((url) => window.chat(url), `${allowingGateway.root}/v1`);
    assert.ok(result.ok, `the client failed in the page: ${result.error}`);
    assert.equal(result.model, 'mock-fast');
    assert.ok(result.answer.trim().length > 0, 'the answer has content');
    assert.equal(result.streamed, result.answer, 'the streamed text equals the whole answer');
    // ... and it is on the page.
    assert.equal(await page.$eval('#answer', (e) => e.textContent), result.answer);
    assert.equal(await page.$eval('#streamed', (e) => e.textContent), result.answer);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  assert.equal(await modelCalls(allowingGateway), 2, 'one plain and one streamed completion ran');
});

test('a page on a different origin still fails against the gateway that allows another', { timeout: TEST_MS }, async () => {
  // Same server, same page, but http://localhost:PORT is not the allowed http://127.0.0.1:PORT.
  const { context, page, errors } = await openPage(`http://localhost:${pagePort}/client.html`);
  try {
    await page.waitForFunction(() => window.openaiLoaded === true, { timeout: STEP_MS })
      .catch((error) => { throw new Error(`the openai module did not load (${errors.join('; ')}): ${error}`); });
    const before = await modelCalls(allowingGateway);
    const result = await expectRefused(allowingGateway, 'origin_not_allowed', 'the client on http://localhost',
                                       () => page.evaluate((url) => window.chat(url), `${allowingGateway.root}/v1`));
    assert.equal(result.ok, false);
    assert.match(result.error, /^APIConnectionError/, 'the browser hides the refusal from the page');
    assert.equal(await modelCalls(allowingGateway), before, 'nothing ran');

    const hostile = await openPage(`http://localhost:${pagePort}/hostile.html`);
    try {
      assert.equal(await expectRefused(allowingGateway, 'origin_not_allowed', 'a text/plain fetch from http://localhost',
                                       () => hostile.page.evaluate((url) => window.attack.textPlain(url),
                                                                   `${allowingGateway.root}/v1/chat/completions`)),
                   'failed: TypeError');
    } finally {
      await hostile.context.close();
    }
    assert.equal(await modelCalls(allowingGateway), before, 'nothing ran');
  } finally {
    await context.close();
  }
});

// --- c. DNS rebinding ----------------------------------------------------------------------------

test('a name that is not loopback is refused while the gateway listens on loopback (DNS rebinding)', { timeout: TEST_MS }, async () => {
  // Chromium resolves rebind.test to 127.0.0.1 (--host-resolver-rules), as an attacker's DNS
  // would after the page loaded: the gateway sees Host: rebind.test.
  const gatewayPort = new URL(defaultGateway.root).port;
  const rebound = `http://rebind.test:${gatewayPort}`;
  const before = await modelCalls(defaultGateway);

  const direct = await expectRefused(defaultGateway, 'host_not_allowed', `a page load from ${rebound}`,
                                     () => openPage(`${rebound}/v1/models`));
  try {
    assert.equal(direct.response.status(), 403, 'the gateway does not serve rebind.test');
  } finally {
    await direct.context.close();
  }

  // The attack itself: the page came from the attacker's server under that name (here: answered
  // by the browser's request interception), then the name points to loopback, and the page's
  // requests are same-origin: no CORS check in the browser, only the gateway's Host check.
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.url() === `${rebound}/attacker.html`)
        request.respond({ status: 200, contentType: 'text/html', body: '<!doctype html><title>rebound</title>' });
      else request.continue();
    });
    await page.goto(`${rebound}/attacker.html`, { waitUntil: 'load', timeout: STEP_MS });
    const models = await expectRefused(defaultGateway, 'host_not_allowed', 'a same-origin GET under the rebound name',
                                       () => page.evaluate(async () => {
                                         const response = await fetch('/v1/models');
                                         return { status: response.status, body: await response.text() };
                                       }));
    assert.equal(models.status, 403, `the model list stays unread: ${models.body}`);
    const chat = await page.evaluate(async (body) => {
      const response = await fetch('/v1/chat/completions', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return { status: response.status, body: await response.text() };
    }, JSON.stringify(CHAT));
    assert.equal(chat.status, 403, `the completion is refused: ${chat.body}`);
  } finally {
    await context.close();
  }

  // And from the page server under that name: another origin and a name that is not loopback.
  const other = await openPage(`http://rebind.test:${pagePort}/hostile.html`);
  try {
    assert.equal(await other.page.evaluate((url) => window.attack.textPlain(url), `${rebound}/v1/chat/completions`),
                 'failed: TypeError');
  } finally {
    await other.context.close();
  }
  assert.equal(await modelCalls(defaultGateway), before, 'nothing ran');
});

test('the gateways stop on SIGTERM with exit status 0', { timeout: TEST_MS }, async () => {
  for (const gateway of [defaultGateway, allowingGateway])
    assert.deepEqual(await stopGateway(gateway), { code: 0, signal: null }, `gateway ${gateway.name}`);
});
