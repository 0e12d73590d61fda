// End-to-end tests of the gateway's governance with the official clients: gateway keys made by
// `switchboard keys create`, their refusals as each SDK's own error classes, the openai
// client's retries honouring Retry-After, a money budget, and that no secret is written
// anywhere the gateway writes.
//
// This suite starts its own gateway (a data dir with keys in it, a config of its own), beside
// the one run-e2e.sh starts, which it does not use. run-e2e.sh passes (see
// provider-backends.test.mjs):
//   SWITCHBOARD_BIN       the switchboard binary
//   SWITCHBOARD_WORK_DIR  a temporary dir; this suite's gateway lives in governance/ there
// Top-level tests run one after another, in order. Nothing sleeps for a fixed time.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { queryLog, startGateway, stopGateway, STEP_MS, waitFor } from './gateways.mjs';

const execFileAsync = promisify(execFile);

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this suite through tests/e2e/run-e2e.sh`);
  return value;
}

const BIN = requireEnv('SWITCHBOARD_BIN');
const WORK_DIR = requireEnv('SWITCHBOARD_WORK_DIR');
const DIR = path.join(WORK_DIR, 'governance');
const DATA_DIR = path.join(DIR, 'data');
const TEST_TIMEOUT = { timeout: 60_000 };

// `switchboard keys create ... --json` on the suite's data dir: { id, name, key, ... }.
async function createKey(name, ...options) {
  const { stdout } = await execFileAsync(
    BIN, ['keys', 'create', '--name', name, '--data-dir', DATA_DIR, '--json', ...options],
    { timeout: STEP_MS });
  const created = JSON.parse(stdout);
  assert.equal(created.name, name);
  assert.match(created.key, /^sk-sb-[A-Za-z0-9_-]{40,}$/);
  return created;
}

// Secrets that must never appear in what the gateway writes: every key's secret, and the
// backend key (which is itself a gateway key: the "loop" backend calls this gateway back).
const secrets = [];
let gateway;
let keys;

before(async () => {
  await mkdir(DATA_DIR, { recursive: true });
  keys = {
    plain: await createKey('plain'),
    rpm: await createKey('rpm-3', '--rpm', '3'),
    single: await createKey('one-at-a-time', '--max-concurrent', '1'),
    budget: await createKey('five-cents', '--budget', '0.05', '--budget-period', 'day'),
    onlyFast: await createKey('only-fast', '--models', 'mock-fast'),
    backend: await createKey('loop-backend'),
  };
  secrets.push(...Object.values(keys).map((k) => k.key));
  gateway = await startGateway({
    bin: BIN, workDir: WORK_DIR, name: 'governance',
    env: { E2E_LOOP_KEY: keys.backend.key },
    config: {
      schemaVersion: 1,
      logging: { captureBodies: true },
      backends: [
        {
          name: 'mock', type: 'mock',
          models: [
            { name: 'mock-fast', ttftMs: 5, tokensPerSecond: 0, outputTokens: 24 },
            // Long enough that a second request arrives while the first is in flight.
            { name: 'mock-slow', ttftMs: 1500, tokensPerSecond: 0, outputTokens: 8 },
          ],
        },
      ],
      models: [
        { alias: 'mock-fast', targets: [{ backend: 'mock', model: 'mock-fast' }] },
        { alias: 'mock-slow', targets: [{ backend: 'mock', model: 'mock-slow' }] },
        // $1,000 per million output tokens, input free: max_tokens 10 costs exactly $0.01.
        {
          alias: 'priced', targets: [{ backend: 'mock', model: 'mock-fast' }],
          pricing: { inputPer1M: 0, outputPer1M: 1000 },
        },
      ],
    },
  });
});

after(async () => {
  if (gateway) await stopGateway(gateway);
});

const openai = (key, options = {}) =>
  new OpenAI({ baseURL: `${gateway.root}/v1`, apiKey: key, maxRetries: 0, timeout: 20_000, ...options });
const ask = (client, model = 'mock-fast', extra = {}) =>
  client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hello' }], ...extra });

test('a key is required once keys exist, in each SDK\'s own error class', TEST_TIMEOUT, async () => {
  const answer = await ask(openai(keys.plain.key));
  assert.equal(answer.object, 'chat.completion');

  await assert.rejects(ask(openai('sk-sb-not-a-key-of-this-gateway')), (error) => {
    assert.ok(error instanceof OpenAI.AuthenticationError, `got ${error?.constructor?.name}`);
    assert.equal(error.status, 401);
    assert.ok(!String(error.message).includes('not-a-key-of-this-gateway'), 'a refused key is never echoed');
    return true;
  });

  const anthropic = (key) => new Anthropic({ baseURL: gateway.root, apiKey: key, maxRetries: 0, timeout: 20_000 });
  const message = await anthropic(keys.plain.key).messages.create({
    model: 'mock-fast', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }],
  });
  assert.equal(message.type, 'message');
  await assert.rejects(
    anthropic('sk-sb-wrong').messages.create({
      model: 'mock-fast', max_tokens: 16, messages: [{ role: 'user', content: 'hello' }],
    }),
    (error) => error instanceof Anthropic.AuthenticationError && error.status === 401);
});

test('a model the key may not use is 403, and /v1/models lists only its models', TEST_TIMEOUT, async () => {
  const client = openai(keys.onlyFast.key);
  await assert.rejects(ask(client, 'mock-slow'), (error) => {
    assert.ok(error instanceof OpenAI.PermissionDeniedError, `got ${error?.constructor?.name}`);
    return true;
  });
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.deepEqual(ids, ['mock-fast']);
});

test('over its requests per minute the client gets RateLimitError with retry-after and the limit headers', TEST_TIMEOUT, async () => {
  const client = openai(keys.rpm.key);
  for (let i = 0; i < 3; ++i) {
    const { response } = await ask(client).withResponse();
    assert.equal(response.headers.get('x-ratelimit-limit-requests'), '3');
    assert.equal(response.headers.get('x-ratelimit-remaining-requests'), String(2 - i));
  }
  await assert.rejects(ask(client), (error) => {
    assert.ok(error instanceof OpenAI.RateLimitError, `got ${error?.constructor?.name}`);
    assert.equal(error.status, 429);
    const retryAfter = Number(error.headers.get('retry-after'));
    assert.ok(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60, `retry-after ${retryAfter}`);
    assert.equal(error.headers.get('x-ratelimit-remaining-requests'), '0');
    return true;
  });
});

test('the openai client\'s own retries honour retry-after', TEST_TIMEOUT, async () => {
  // One request holds the key's only slot for about 1.5 s; a second one is refused with 429
  // and retry-after, and the client retries on its own until the slot is free.
  const holder = ask(openai(keys.single.key), 'mock-slow');
  let first429At = 0;
  const retrying = openai(keys.single.key, {
    maxRetries: 5,
    fetch: async (url, init) => {
      const response = await fetch(url, init);
      if (response.status === 429 && !first429At) first429At = Date.now();
      return response;
    },
  });
  // Sent once the holder is in flight (the gateway logs nothing until it ends, so watch the
  // refusals instead: wait until a bare request is refused for concurrency).
  const probe = openai(keys.single.key);
  for (const deadline = Date.now() + STEP_MS; ;) {
    try {
      await ask(probe, 'mock-fast');
    } catch (error) {
      if (error instanceof OpenAI.RateLimitError) break;
      throw error;
    }
    assert.ok(Date.now() < deadline, 'the slow request never held the slot');
  }
  const started = Date.now();
  const answer = await ask(retrying, 'mock-fast');
  assert.equal(answer.object, 'chat.completion');
  assert.ok(first429At > 0, 'the first attempt was refused with 429');
  // The client waited at least the one second retry-after said before its next attempt.
  assert.ok(Date.now() - started >= 1000, `answered after ${Date.now() - started} ms`);
  await holder;
});

test('a budget admits exactly what it pays for and is never retried past', TEST_TIMEOUT, async () => {
  const client = openai(keys.budget.key, { maxRetries: 2 });
  // Each request costs exactly $0.01 (max_tokens 10 at $1,000 per million); $0.05 pays five.
  const results = await Promise.allSettled(
    Array.from({ length: 8 }, () => ask(client, 'priced', { max_tokens: 10 })));
  const admitted = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r) => r.status === 'rejected');
  assert.equal(admitted.length, 5);
  for (const { reason } of refused) {
    assert.ok(reason instanceof OpenAI.PermissionDeniedError, `got ${reason?.constructor?.name}`);
    assert.equal(reason.status, 403);
    assert.equal(reason.code, 'budget_exceeded');
  }
  // 403 is not retried: one row per client call (the log commits its rows within 200 ms).
  const rows = await waitFor('the eight rows of the budget test', async () => {
    const found = (await queryLog(BIN, DATA_DIR)).filter((row) => row.model === 'priced');
    return found.length >= 8 && found;
  });
  assert.equal(rows.length, 8);
  const spent = rows.filter((row) => row.status === 200).reduce((sum, row) => sum + row.cost, 0);
  assert.ok(Math.abs(spent - 0.05) < 1e-9, `logged cost ${spent}`);
});

test('no gateway key and no backend key appears in the data dirs, the gateways\' output or /metrics', TEST_TIMEOUT, async () => {
  // A second gateway (open: no keys in its data dir, on loopback) calls this one as an
  // openai-compatible backend, with a gateway key of this one as its backend API key: the
  // same secret is then a backend key there and a gateway key here.
  const front = await startGateway({
    bin: BIN, workDir: WORK_DIR, name: 'governance-front',
    env: { E2E_LOOP_KEY: keys.backend.key },
    config: {
      schemaVersion: 1,
      logging: { captureBodies: true },
      backends: [{ name: 'loop', type: 'openai-compatible', baseUrl: `${gateway.root}/v1`, apiKey: 'env:E2E_LOOP_KEY' }],
      models: [
        { alias: 'via-loop', targets: [{ backend: 'loop', model: 'mock-fast' }] },
        // The backend refuses this one (no such alias there): its error passes through.
        { alias: 'via-loop-missing', targets: [{ backend: 'loop', model: 'no-such-model' }] },
      ],
    },
  });
  const frontClient = new OpenAI({ baseURL: `${front.root}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 20_000 });
  assert.equal((await ask(frontClient, 'via-loop')).object, 'chat.completion');
  const stream = await frontClient.chat.completions.create({
    model: 'via-loop', stream: true, messages: [{ role: 'user', content: 'hello' }],
  });
  for await (const chunk of stream) assert.ok(chunk);
  await assert.rejects(ask(frontClient, 'via-loop-missing'));
  await ask(openai(keys.plain.key), 'mock-fast', { user: 'grep-me' });
  await assert.rejects(ask(openai(`${keys.plain.key}x`))); // a near miss is not logged either
  const metrics = (await (await fetch(`${gateway.root}/metrics`)).text()) +
    (await (await fetch(`${front.root}/metrics`)).text());
  await stopGateway(front);
  await stopGateway(gateway);
  gateway = null;

  const files = [];
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else files.push(full);
    }
  };
  await walk(DIR);
  await walk(front.dir);
  assert.ok(files.some((f) => f.endsWith('governance.sqlite')), `files: ${files.join(', ')}`);
  const haystacks = [['/metrics', Buffer.from(metrics)]];
  for (const file of files) haystacks.push([file, await readFile(file)]);
  for (const secret of secrets) {
    // The whole secret, and its secret part (a key is recognised by its stored prefix only).
    const needles = [secret, secret.slice(12)];
    for (const [name, bytes] of haystacks)
      for (const needle of needles)
        assert.ok(!bytes.includes(needle), `${name} holds a secret (${secret.slice(0, 10)}...)`);
  }
});
