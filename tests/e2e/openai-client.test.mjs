// End-to-end tests of the Switchboard gateway, driven by the official `openai` npm client.
//
// Run through run-e2e.sh, which installs the pinned `openai` package, starts
// `switchboard serve` on a free port with a fresh data dir and the embedded mock config,
// and passes these variables:
//   SWITCHBOARD_BASE_URL  e.g. http://127.0.0.1:41234/v1
//   SWITCHBOARD_BIN       the switchboard binary (for `switchboard logs query`)
//   SWITCHBOARD_DATA_DIR  the gateway's --data-dir (holds switchboard.sqlite)
//   OPENAI_API_KEY        a random dummy key (the gateway has no auth; the SDK wants one)
//
// The gateway serves only this suite, so the last test can check that the request log and the
// metrics hold exactly the requests the suite sent. Top-level tests in one file run one after
// another, in order.
//

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import OpenAI from 'openai';

const execFileAsync = promisify(execFile);

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this suite through tests/e2e/run-e2e.sh`);
  return value;
}

const BASE_URL = requireEnv('SWITCHBOARD_BASE_URL');
const BIN = requireEnv('SWITCHBOARD_BIN');
const DATA_DIR = requireEnv('SWITCHBOARD_DATA_DIR');
const GATEWAY_ROOT = BASE_URL.replace(/\/v1\/?$/, '');


const TEST_TIMEOUT = { timeout: 30_000 };

const client = new OpenAI({
  baseURL: BASE_URL,
  apiKey: process.env.OPENAI_API_KEY || `sk-e2e-${randomBytes(16).toString('hex')}`,
  maxRetries: 0, // one SDK call = one gateway request, so the request log can be counted exactly
  timeout: 20_000,
});

const REQUEST_ID = /^[0-9a-f]{32}$/;
const hex = (bytes) => randomBytes(bytes).toString('hex');
const traceparentFor = (traceId) => `00-${traceId}-${hex(8)}-01`;
const userMessage = (content) => [{ role: 'user', content }];

// Every request the suite sends to an inference endpoint, with what its row in the request
// log must hold. Filled in right after each response, before the test's assertions, so that a
// failing test still leaves an accurate ledger for the final log check.
const ledger = [];
function expectLogRow(traceId, row) {
  assert.match(String(traceId), REQUEST_ID, 'x-request-id must be 32 lowercase hex digits');
  ledger.push({ trace_id: traceId, ...row });
}

// Non-streaming chat completion on mock-fast, recorded in the ledger.
async function chat(prompt, { model = 'mock-fast', options } = {}) {
  const { data, response, request_id } = await client.chat.completions
    .create({ model, messages: userMessage(prompt) }, options)
    .withResponse();
  expectLogRow(request_id, {
    endpoint: 'chat.completions',
    model,
    status: 200,
    stream: 0,
    prompt_tokens: data.usage?.prompt_tokens,
    completion_tokens: data.usage?.completion_tokens,
  });
  return { data, response, request_id };
}

async function collect(stream) {
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

// ---------------------------------------------------------------------------------------------

test('models.list lists the mock aliases', TEST_TIMEOUT, async () => {
  const ids = [];
  for await (const model of client.models.list()) {
    assert.equal(model.object, 'model');
    ids.push(model.id);
  }
  assert.ok(ids.includes('mock-fast'), `models: ${ids.join(', ')}`);
  assert.ok(ids.includes('mock-smart'), `models: ${ids.join(', ')}`);
  assert.equal(new Set(ids).size, ids.length, 'no alias is listed twice');
});

test('chat.completions.create (non-streaming) answers deterministically', TEST_TIMEOUT, async () => {
  const prompt = 'Say something about local gateways.';
  const first = (await chat(prompt)).data;
  assert.equal(first.object, 'chat.completion');
  assert.equal(first.model, 'mock-fast');
  assert.equal(first.choices.length, 1);
  const choice = first.choices[0];
  assert.equal(choice.index, 0);
  assert.equal(choice.message.role, 'assistant');
  assert.equal(typeof choice.message.content, 'string');
  assert.ok(choice.message.content.trim().length > 0, 'content is not empty');
  assert.equal(choice.finish_reason, 'stop');
  assert.equal(first.usage.completion_tokens, 24);
  assert.ok(first.usage.prompt_tokens > 0, 'a non-empty prompt counts tokens');
  assert.equal(first.usage.total_tokens, first.usage.prompt_tokens + first.usage.completion_tokens);

  const second = (await chat(prompt)).data;
  assert.equal(second.choices[0].message.content, choice.message.content, 'same prompt, same answer');
  assert.deepEqual(second.usage, first.usage);
  assert.notEqual(second.id, first.id, 'each completion has its own id');

  const other = (await chat('A completely different question?')).data;
  assert.notEqual(other.choices[0].message.content, choice.message.content,
    'the answer depends on the prompt');
});

test('chat.completions.create echoes the other alias (mock-smart)', TEST_TIMEOUT, async () => {
  const prompt = 'Say something about local gateways.';
  const smart = (await chat(prompt, { model: 'mock-smart' })).data;
  assert.equal(smart.model, 'mock-smart');
  const content = smart.choices[0].message.content;
  assert.ok(typeof content === 'string' && content.trim().length > 0);
  assert.ok(smart.usage.completion_tokens > 0);
  const fast = (await chat(prompt)).data;
  assert.notEqual(content, fast.choices[0].message.content, 'the answer depends on the model');
});

test('chat streaming with stream_options.include_usage', TEST_TIMEOUT, async () => {
  const prompt = 'Stream me an answer, please.';
  const whole = (await chat(prompt)).data;

  const { data: stream, response, request_id } = await client.chat.completions
    .create({ model: 'mock-fast', messages: userMessage(prompt), stream: true,
              stream_options: { include_usage: true } })
    .withResponse();
  assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
  const chunks = await collect(stream);
  expectLogRow(request_id, {
    endpoint: 'chat.completions', model: 'mock-fast', status: 200, stream: 1,
    prompt_tokens: whole.usage.prompt_tokens, completion_tokens: 24,
  });

  assert.ok(chunks.length >= 3, `got ${chunks.length} chunks`);
  for (const chunk of chunks) {
    assert.equal(chunk.object, 'chat.completion.chunk');
    assert.equal(chunk.model, 'mock-fast');
    assert.equal(chunk.id, chunks[0].id, 'all chunks share one id');
  }
  const last = chunks.at(-1);
  const body = chunks.slice(0, -1);
  assert.deepEqual(last.choices, [], 'the usage chunk has no choices');
  assert.ok(last.usage, 'the last chunk carries usage');
  assert.equal(last.usage.completion_tokens, 24);
  assert.equal(last.usage.prompt_tokens, whole.usage.prompt_tokens);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + last.usage.completion_tokens);
  for (const chunk of body) {
    assert.equal(chunk.usage ?? null, null, 'only the last chunk carries usage');
    assert.equal(chunk.choices.length, 1);
  }
  assert.equal(body[0].choices[0].delta.role, 'assistant');
  assert.equal(body.at(-1).choices[0].finish_reason, 'stop');
  const text = body.map((c) => c.choices[0].delta.content ?? '').join('');
  assert.equal(text, whole.choices[0].message.content, 'streamed text equals the whole answer');
});

test('chat streaming without include_usage carries no usage', TEST_TIMEOUT, async () => {
  const prompt = 'Stream without usage.';
  const whole = (await chat(prompt)).data;

  const { data: stream, request_id } = await client.chat.completions
    .create({ model: 'mock-fast', messages: userMessage(prompt), stream: true })
    .withResponse();
  const chunks = await collect(stream);
  // The client did not ask for usage, but the gateway still counts (and logs) the tokens.
  expectLogRow(request_id, {
    endpoint: 'chat.completions', model: 'mock-fast', status: 200, stream: 1,
    prompt_tokens: whole.usage.prompt_tokens, completion_tokens: 24,
  });

  assert.ok(chunks.length >= 2, `got ${chunks.length} chunks`);
  for (const chunk of chunks) {
    assert.equal(chunk.usage ?? null, null, `no chunk carries usage: ${JSON.stringify(chunk)}`);
    assert.equal(chunk.choices.length, 1, 'every chunk has a choice (no usage-only chunk)');
  }
  assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
  const text = chunks.map((c) => c.choices[0].delta.content ?? '').join('');
  assert.equal(text, whole.choices[0].message.content);
});

test('completions.create (legacy) plain and streaming', TEST_TIMEOUT, async () => {
  const prompt = 'Once upon a time';
  const call = async () => {
    const { data, request_id } = await client.completions
      .create({ model: 'mock-fast', prompt, max_tokens: 64 })
      .withResponse();
    expectLogRow(request_id, {
      endpoint: 'completions', model: 'mock-fast', status: 200, stream: 0,
      prompt_tokens: data.usage?.prompt_tokens, completion_tokens: data.usage?.completion_tokens,
    });
    return data;
  };
  const plain = await call();
  assert.equal(plain.object, 'text_completion');
  assert.equal(plain.model, 'mock-fast');
  assert.equal(plain.choices.length, 1);
  assert.equal(typeof plain.choices[0].text, 'string');
  assert.ok(plain.choices[0].text.trim().length > 0);
  assert.equal(plain.choices[0].finish_reason, 'stop');
  assert.equal(plain.usage.completion_tokens, 24);
  assert.ok(plain.usage.prompt_tokens > 0);
  assert.equal((await call()).choices[0].text, plain.choices[0].text, 'deterministic');

  // Streaming, without usage.
  {
    const { data: stream, request_id } = await client.completions
      .create({ model: 'mock-fast', prompt, stream: true })
      .withResponse();
    const chunks = await collect(stream);
    expectLogRow(request_id, {
      endpoint: 'completions', model: 'mock-fast', status: 200, stream: 1,
      prompt_tokens: plain.usage.prompt_tokens, completion_tokens: 24,
    });
    assert.ok(chunks.length >= 2);
    for (const chunk of chunks) {
      assert.equal(chunk.object, 'text_completion');
      assert.equal(chunk.model, 'mock-fast');
      assert.equal(chunk.usage ?? null, null, 'no usage without include_usage');
      assert.equal(chunk.choices.length, 1);
    }
    assert.equal(chunks.at(-1).choices[0].finish_reason, 'stop');
    assert.equal(chunks.map((c) => c.choices[0].text).join(''), plain.choices[0].text);
  }

  // Streaming, with usage.
  {
    const { data: stream, request_id } = await client.completions
      .create({ model: 'mock-fast', prompt, stream: true, stream_options: { include_usage: true } })
      .withResponse();
    const chunks = await collect(stream);
    expectLogRow(request_id, {
      endpoint: 'completions', model: 'mock-fast', status: 200, stream: 1,
      prompt_tokens: plain.usage.prompt_tokens, completion_tokens: 24,
    });
    const last = chunks.at(-1);
    assert.deepEqual(last.choices, []);
    assert.equal(last.usage?.completion_tokens, 24);
    assert.equal(last.usage?.prompt_tokens, plain.usage.prompt_tokens);
    const text = chunks.slice(0, -1).map((c) => c.choices[0].text).join('');
    assert.equal(text, plain.choices[0].text);
  }
});

test('completions.create with a one-element prompt array equals the plain prompt',
  TEST_TIMEOUT, async () => {
    const prompt = 'Once upon a time';
    const results = [];
    for (const p of [prompt, [prompt]]) {
      const { data, request_id } = await client.completions
        .create({ model: 'mock-fast', prompt: p })
        .withResponse();
      expectLogRow(request_id, {
        endpoint: 'completions', model: 'mock-fast', status: 200, stream: 0,
        prompt_tokens: data.usage?.prompt_tokens, completion_tokens: data.usage?.completion_tokens,
      });
      results.push(data);
    }
    const [plain, array] = results;
    assert.equal(array.usage.prompt_tokens, plain.usage.prompt_tokens, 'same prompt tokens');
    assert.equal(array.choices[0].text, plain.choices[0].text, 'same answer');
  });

// Embeddings requested as floats, so the SDK hands back what the gateway sent.
async function embed(input, extra = {}) {
  const { data, request_id } = await client.embeddings
    .create({ model: 'mock-fast', input, ...extra })
    .withResponse();
  expectLogRow(request_id, {
    endpoint: 'embeddings', model: 'mock-fast', status: 200, stream: 0,
    prompt_tokens: data.usage?.prompt_tokens, completion_tokens: 0,
  });
  return data;
}

function assertVector(vector, dims) {
  assert.ok(Array.isArray(vector), `embedding is an array, got ${typeof vector}`);
  assert.equal(vector.length, dims);
  for (const v of vector) assert.ok(Number.isFinite(v) && Math.abs(v) <= 1, `component ${v}`);
  assert.ok(vector.some((v) => v !== 0), 'not the zero vector');
}

test('embeddings.create with one input is deterministic (16 dims)', TEST_TIMEOUT, async () => {
  const a = await embed('the quick brown fox', { encoding_format: 'float' });
  assert.equal(a.object, 'list');
  assert.equal(a.model, 'mock-fast');
  assert.equal(a.data.length, 1);
  assert.equal(a.data[0].object, 'embedding');
  assert.equal(a.data[0].index, 0);
  assertVector(a.data[0].embedding, 16);
  assert.ok(a.usage.prompt_tokens > 0);

  const again = await embed('the quick brown fox', { encoding_format: 'float' });
  assert.deepEqual(again.data[0].embedding, a.data[0].embedding, 'same input, same vector');
  const other = await embed('lazy dog', { encoding_format: 'float' });
  assert.notDeepEqual(other.data[0].embedding, a.data[0].embedding, 'the vector depends on the input');
});

test('embeddings.create with an array of two inputs gives two vectors',
  TEST_TIMEOUT, async () => {
    const inputs = ['the quick brown fox', 'jumps over the lazy dog'];
    const batch = await embed(inputs, { encoding_format: 'float' });
    assert.equal(batch.data.length, 2, 'one embedding per input');
    batch.data.forEach((item, i) => {
      assert.equal(item.index, i);
      assertVector(item.embedding, 16);
    });
    assert.notDeepEqual(batch.data[0].embedding, batch.data[1].embedding);
    assert.ok(batch.usage.prompt_tokens > 0, 'the inputs count tokens');

    const again = await embed(inputs, { encoding_format: 'float' });
    assert.deepEqual(again.data.map((d) => d.embedding), batch.data.map((d) => d.embedding),
      'deterministic across calls');
    const single = await embed(inputs[1], { encoding_format: 'float' });
    assert.deepEqual(batch.data[1].embedding, single.data[0].embedding,
      'the vector of an input does not depend on its batch');
  });

test('embeddings.create with the SDK defaults (base64 on the wire)',
  { ...TEST_TIMEOUT }, async () => {
    const input = 'the quick brown fox';
    const floats = await embed(input, { encoding_format: 'float' });
    const decoded = await embed(input); // the SDK sends encoding_format "base64" and decodes it
    assert.equal(decoded.data.length, 1);
    const vector = decoded.data[0].embedding;
    assert.equal(vector.length, 16);
    vector.forEach((v, i) => assert.ok(Math.abs(v - floats.data[0].embedding[i]) < 1e-5,
      `component ${i}: ${v} vs ${floats.data[0].embedding[i]}`));
  });

test('unknown model rejects with NotFoundError (404, model_not_found)', TEST_TIMEOUT, async () => {
  for (const stream of [false, true]) {
    await assert.rejects(
      client.chat.completions.create({ model: 'no-such-model', messages: userMessage('hi'), stream }),
      (err) => {
        assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err}`);
        assert.ok(err instanceof OpenAI.APIError);
        assert.equal(err.status, 404);
        assert.equal(err.code, 'model_not_found');
        assert.equal(err.type, 'invalid_request_error');
        assert.match(err.message, /no-such-model/);
        expectLogRow(err.requestID, {
          endpoint: 'chat.completions', model: 'no-such-model', status: 404, stream: stream ? 1 : 0,
          prompt_tokens: 0, completion_tokens: 0,
        });
        return true;
      });
  }
});

test('empty messages rejects with BadRequestError (400)', TEST_TIMEOUT, async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'mock-fast', messages: [] }),
    (err) => {
      assert.ok(err instanceof OpenAI.BadRequestError, `got ${err?.constructor?.name}: ${err}`);
      assert.equal(err.status, 400);
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.param, 'messages');
      expectLogRow(err.requestID, {
        endpoint: 'chat.completions', model: 'mock-fast', status: 400, stream: 0,
        prompt_tokens: 0, completion_tokens: 0,
      });
      return true;
    });
});

test('x-request-id is 32 hex digits and reuses a traceparent trace id', TEST_TIMEOUT, async () => {
  // Without traceparent: a fresh id per request, also exposed by the SDK as _request_id.
  const a = await chat('request id one');
  const b = await chat('request id one');
  const idA = a.response.headers.get('x-request-id');
  const idB = b.response.headers.get('x-request-id');
  assert.match(idA ?? '', REQUEST_ID);
  assert.match(idB ?? '', REQUEST_ID);
  assert.notEqual(idA, idB, 'each request gets its own id');
  assert.equal(a.data._request_id, idA);

  // With traceparent (passed as a per-request header): the trace id becomes the request id.
  const traceId = hex(16);
  const traced = await chat('request id two', { options: { headers: { traceparent: traceparentFor(traceId) } } });
  assert.equal(traced.response.headers.get('x-request-id'), traceId);
  assert.equal(traced.data._request_id, traceId);

  // The same for a stream and for an error.
  const streamTrace = hex(16);
  const { data: stream, response } = await client.chat.completions
    .create({ model: 'mock-fast', messages: userMessage('request id two'), stream: true },
            { headers: { traceparent: traceparentFor(streamTrace) } })
    .withResponse();
  const chunks = await collect(stream);
  expectLogRow(response.headers.get('x-request-id'), {
    endpoint: 'chat.completions', model: 'mock-fast', status: 200, stream: 1,
    prompt_tokens: traced.data.usage.prompt_tokens, completion_tokens: 24,
  });
  assert.equal(response.headers.get('x-request-id'), streamTrace);
  assert.equal(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join(''),
    traced.data.choices[0].message.content);

  const errorTrace = hex(16);
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages: userMessage('x') },
                                   { headers: { traceparent: traceparentFor(errorTrace) } }),
    (err) => {
      expectLogRow(err.requestID, {
        endpoint: 'chat.completions', model: 'no-such-model', status: 404, stream: 0,
        prompt_tokens: 0, completion_tokens: 0,
      });
      assert.ok(err instanceof OpenAI.NotFoundError);
      assert.equal(err.requestID, errorTrace);
      assert.equal(err.headers.get('x-request-id'), errorTrace);
      return true;
    });

  // An invalid traceparent (all-zero trace id, W3C) is not reused.
  const zero = await chat('request id three', {
    options: { headers: { traceparent: `00-${'0'.repeat(32)}-${hex(8)}-01` } },
  });
  assert.notEqual(zero.request_id, '0'.repeat(32));
});

test('models.retrieve finds an alias and says model_not_found for another', TEST_TIMEOUT,
  async () => {
    const model = await client.models.retrieve('mock-fast');
    assert.equal(model.id, 'mock-fast');
    assert.equal(model.object, 'model');
    await assert.rejects(client.models.retrieve('mock/no-such-model'), (err) => {
      assert.ok(err instanceof OpenAI.NotFoundError, `got ${err}`);
      assert.equal(err.status, 404);
      assert.equal(err.code, 'model_not_found');
      return true;
    });
  });

test('models.list answers with an x-request-id header',
  { ...TEST_TIMEOUT }, async () => {
    const { data: page, response } = await client.models.list().withResponse();
    assert.ok(page.data.length >= 2);
    assert.match(response.headers.get('x-request-id') ?? '(none)', REQUEST_ID);
  });

// ---------------------------------------------------------------------------------------------

async function queryLog() {
  const { stdout } = await execFileAsync(
    BIN, ['logs', 'query', '--json', '--limit', '1000', '--data-dir', DATA_DIR],
    { timeout: 15_000, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}

test('the request log holds exactly the requests the suite sent', TEST_TIMEOUT, async () => {
  assert.ok(ledger.length >= 20, `the suite sent ${ledger.length} logged requests`);
  assert.equal(new Set(ledger.map((r) => r.trace_id)).size, ledger.length, 'request ids are unique');

  // Rows reach disk within ~200 ms; wait up to 5 s for all of them.
  let rows = [];
  for (const deadline = Date.now() + 5_000; ;) {
    rows = await queryLog();
    if (rows.length >= ledger.length || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.equal(rows.length, ledger.length, 'one row per request, no more, no less');
  for (let i = 1; i < rows.length; i++)
    assert.ok(rows[i - 1].ts_ms >= rows[i].ts_ms, 'newest first');

  const byTrace = new Map(rows.map((row) => [row.trace_id, row]));
  for (const expected of ledger) {
    const row = byTrace.get(expected.trace_id);
    assert.ok(row, `a row for request ${expected.trace_id} (${expected.endpoint} ${expected.model})`);
    const actual = Object.fromEntries(Object.keys(expected).map((key) => [key, row[key]]));
    assert.deepEqual(actual, expected, `row ${expected.trace_id}`);
  }

  // The aggregate view the brief asks for.
  const fast200 = rows.filter((r) => r.model === 'mock-fast' && r.status === 200);
  assert.equal(fast200.length, ledger.filter((r) => r.model === 'mock-fast' && r.status === 200).length);
  const streamedChat = fast200.filter((r) => r.endpoint === 'chat.completions' && r.stream === 1);
  assert.ok(streamedChat.length >= 3);
  for (const r of streamedChat) assert.equal(r.completion_tokens, 24);
  const chatWhole = fast200.filter((r) => r.endpoint === 'chat.completions' && r.stream === 0);
  for (const r of chatWhole) assert.equal(r.completion_tokens, 24);
  assert.equal(rows.filter((r) => r.status === 404).length, 3);
  for (const r of rows.filter((r) => r.status >= 400)) {
    assert.equal(r.completion_tokens, 0);
    assert.ok(r.error_class, 'an error row names its class');
  }
  assert.equal(
    fast200.reduce((n, r) => n + r.completion_tokens, 0),
    ledger.filter((r) => r.model === 'mock-fast' && r.status === 200)
      .reduce((n, r) => n + r.completion_tokens, 0),
    'completion tokens add up');
});

test('/healthz and /metrics agree with the suite', TEST_TIMEOUT, async () => {
  const health = await fetch(`${GATEWAY_ROOT}/healthz`);
  assert.equal(health.status, 200);
  assert.deepEqual(await health.json(), { status: 'ok' });

  const metrics = await fetch(`${GATEWAY_ROOT}/metrics`);
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await metrics.text();
  const counter = (status, model) => {
    // Sum over the other labels (backend).
    return text.split('\n')
      .filter((l) => l.startsWith(`switchboard_requests_total{status="${status}",model="${model}",`))
      .reduce((n, l) => n + Number(l.trim().split(/\s+/).at(-1)), 0);
  };
  const count = (status, model) =>
    ledger.filter((r) => r.status === status && r.model === model).length;
  for (const [status, model] of [[200, 'mock-fast'], [200, 'mock-smart'], [400, 'mock-fast'],
                                 [404, 'no-such-model']])
    assert.equal(counter(status, model), count(status, model), `requests_total ${status} ${model}`);
});

// The transport's own refusals come last: the log and metrics checks above count only the
// requests that reached the API.

test('a 9 MB message rejects with a 413 APIError, never a connection error', { timeout: 180_000 },
  async () => {
    // Over server.limits.maxBodyBytes (8 MB): the gateway answers 413 on the head and drains the
    // upload (lingering close), so the client reads the answer instead of ECONNRESET.
    const content = 'x'.repeat(9 * 1024 * 1024);
    const expect413 = (label) => (err) => {
      assert.ok(!(err instanceof OpenAI.APIConnectionError),
        `${label}: ${err?.constructor?.name}: ${err?.message} (${err?.cause?.code ?? err?.cause})`);
      assert.ok(err instanceof OpenAI.APIError, `${label}: got ${err?.constructor?.name}: ${err}`);
      assert.equal(err.status, 413, label);
      return true;
    };
    const noRetries = new OpenAI({ baseURL: BASE_URL, apiKey: client.apiKey, maxRetries: 0,
                                   timeout: 60_000 });
    for (let i = 1; i <= 5; i++)
      await assert.rejects(
        noRetries.chat.completions.create({ model: 'mock-fast', messages: userMessage(content) }),
        expect413(`try ${i} of 5`));
    // The SDK's default retries: a connection error would be retried; a 413 is not.
    const defaultRetries = new OpenAI({ baseURL: BASE_URL, apiKey: client.apiKey, timeout: 60_000 });
    await assert.rejects(
      defaultRetries.chat.completions.create({ model: 'mock-fast', messages: userMessage(content) }),
      expect413('default retries'));
  });

test('HEAD /v1/models has the head of the GET and no body (RFC 9110 9.3.2)', TEST_TIMEOUT,
  async () => {
    const url = new URL(`${BASE_URL}/models`);
    const transport = url.protocol === 'https:' ? https : http;
    // One kept-alive socket for both: a body after the HEAD answer would corrupt the GET's.
    const agent = new transport.Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method) => new Promise((resolve, reject) => {
      const req = transport.request(
        { hostname: url.hostname, port: url.port, path: url.pathname, method, agent },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => { body += chunk; });
          res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
          res.on('error', reject);
        });
      req.on('error', reject);
      req.end();
    });
    try {
      const head = await send('HEAD');
      assert.equal(head.status, 200);
      assert.equal(head.body, '');
      const get = await send('GET');
      assert.equal(get.status, 200);
      assert.ok(JSON.parse(get.body).data.length > 0);
      assert.equal(Number(head.headers['content-length']), Buffer.byteLength(get.body));
    } finally {
      agent.destroy();
    }
  });
