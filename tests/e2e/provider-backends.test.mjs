// End-to-end tests of the gateway's provider adapters: official clients speak one API to a
// gateway that calls a backend speaking another, and real sockets carry every wire format.
//
//   Gateway B  `switchboard serve` on the embedded default config, started by run-e2e.sh: the
//              built-in mock backend (models mock-fast, mock-smart), serving OpenAI's API
//              (/v1/chat/completions) and Anthropic's (/v1/messages).
//   fake Gemini  an HTTP server in this file (port 0) that answers POST
//              /v1beta/models/{model}:generateContent and :streamGenerateContent?alt=sse as
//              Gemini's API reference documents them, and records each request it gets.
//   Gateway A  `switchboard serve --config <written here>`, started by this file, with three
//              backends and an alias for each:
//                to-openai     openai-compatible  -> B's /v1/chat/completions (mock-fast)
//                to-anthropic  anthropic          -> B's /v1/messages (mock-fast)
//                to-gemini     gemini             -> the fake (gemini-2.5-flash), apiKey env:…
//              and aliases whose backend fails: to-openai-missing and to-anthropic-missing (a
//              model B does not have), to-gemini-missing (404), to-gemini-busy (429),
//              to-gemini-truncated (half an answer).
//
// The clients: `@anthropic-ai/sdk` against A's /v1/messages on the OpenAI-format backend;
// `openai` against A's /v1/chat/completions on the Anthropic-format and the Gemini-format
// backends; the Vercel AI SDK's default `openai(model)` (the Responses API) against A on the
// Anthropic-format backend, with and without a tool. B's mock is deterministic (its answer is a
// function of the model and the prompt), so an answer through A must be the answer B gives to
// the same request sent to it directly in the backend's format: same text, same tool call
// arguments, same token counts. Last, a backend's errors must reach each client as its own
// API's errors.
//
// Run through run-e2e.sh (SWITCHBOARD_E2E_TEST=provider-backends.test.mjs), which passes:
//   SWITCHBOARD_BASE_URL  Gateway B, e.g. http://127.0.0.1:41234/v1
//   SWITCHBOARD_BIN       the switchboard binary (Gateway A, `logs query`)
//   SWITCHBOARD_DATA_DIR  B's --data-dir (its request log)
//   SWITCHBOARD_WORK_DIR  a temporary dir under TMPDIR; A's data dir, config and logs go in
//                         gateway-a/ there (kept by run-e2e.sh when a test fails)
// Top-level tests in one file run one after another, in order. Nothing sleeps for a fixed time.

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { generateText, stepCountIs, streamText, tool } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { z } from 'zod';
import { queryLog, startGateway, stopGateway, waitFor } from './gateways.mjs';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this suite through tests/e2e/run-e2e.sh`);
  return value;
}

const B_BASE_URL = requireEnv('SWITCHBOARD_BASE_URL');
const B_ROOT = B_BASE_URL.replace(/\/v1\/?$/, '');
const BIN = requireEnv('SWITCHBOARD_BIN');
const B_DATA_DIR = requireEnv('SWITCHBOARD_DATA_DIR');
const WORK_DIR = requireEnv('SWITCHBOARD_WORK_DIR');
const TEST_TIMEOUT = { timeout: 30_000 };
const dummyKey = (prefix) => `${prefix}${randomBytes(16).toString('hex')}`;
const CLIENT_OPTIONS = { maxRetries: 0, timeout: 20_000 }; // one client call = one request

// The tool every test offers, in each API's shape.
const WEATHER = {
  name: 'get_weather',
  description: 'The current weather in a city',
  schema: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'The city, e.g. Paris' },
      unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
    },
    required: ['city', 'unit'],
  },
};
const OPENAI_TOOLS = [{
  type: 'function',
  function: { name: WEATHER.name, description: WEATHER.description, parameters: WEATHER.schema },
}];
const ANTHROPIC_TOOLS = [{ name: WEATHER.name, description: WEATHER.description, input_schema: WEATHER.schema }];
const WEATHER_REPORT = { temperature: 21, unit: 'celsius', sky: 'clear' };
// A second tool, for parallel calls.
const CLOCK = {
  name: 'get_time',
  description: 'The current time in a time zone',
  schema: { type: 'object', properties: { timezone: { type: 'string' } }, required: ['timezone'] },
};
const OPENAI_CLOCK = { type: 'function', function: { name: CLOCK.name, description: CLOCK.description, parameters: CLOCK.schema } };

// Arguments that match WEATHER.schema: the required keys, with values of their types.
function assertWeatherArguments(args) {
  assert.equal(typeof args, 'object');
  assert.deepEqual(Object.keys(args).sort(), ['city', 'unit']);
  assert.equal(typeof args.city, 'string');
  assert.ok(args.city.length > 0);
  assert.ok(WEATHER.schema.properties.unit.enum.includes(args.unit), `unit ${args.unit}`);
}

// --- the fake Gemini upstream ------------------------------------------------------------------

const GEMINI_MODEL = 'gemini-2.5-flash';
const GEMINI_BUSY_MODEL = 'gemini-busy'; // answers 429 RESOURCE_EXHAUSTED
const GEMINI_TRUNCATED_MODEL = 'gemini-truncated'; // answers 200, then stops half-way
const GEMINI_KEY = dummyKey('AIza-e2e-');
// What the fake's model "calls": arguments that match the tools' schemas (WEATHER, CLOCK).
const GEMINI_ARGS = { get_weather: { city: 'Paris', unit: 'celsius' }, get_time: { timezone: 'Europe/Paris' } };
const MAX_BODY = 1024 * 1024;

// Google's error shape ("API errors"): { error: { code, message, status, details? } }.
function googleError(res, code, status, message, details) {
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } }));
}

// The answer to a GenerateContentRequest. With tools and toolConfig.functionCallingConfig.mode
// ANY the model must call a function: the allowed one if named, else every declared one (as
// Gemini calls independent functions in parallel). Otherwise text: the function responses it
// was given, or the last user text, echoed, with a multi-byte character and an emoji so that
// UTF-8 crosses the stream's pieces.
function geminiAnswer(request) {
  const declarations = request.tools?.flatMap((t) => t.functionDeclarations ?? []) ?? [];
  const calling = request.toolConfig?.functionCallingConfig;
  if (declarations.length > 0 && calling?.mode === 'ANY') {
    const names = calling.allowedFunctionNames ?? declarations.map((d) => d.name);
    const unknown = names.find((name) => !declarations.some((d) => d.name === name) || !GEMINI_ARGS[name]);
    if (unknown) return { error: `the fake cannot call function "${unknown}"` };
    return { functionCalls: names.map((name) => ({ name, args: GEMINI_ARGS[name] })) };
  }
  const last = request.contents?.at(-1);
  const responses = last?.parts?.filter((p) => p.functionResponse).map((p) => p.functionResponse) ?? [];
  if (responses.length > 0)
    return { text: `Gemini read ${responses.map((r) => `${r.name}: ${JSON.stringify(r.response)}`).join('; ')} — merci 🌤` };
  const said = last?.parts?.map((p) => p.text ?? '').join('') ?? '';
  return { text: `Gemini héard: ${said} 🌍 That is all.` };
}

// Usage as Gemini counts it ("UsageMetadata"): made up, but exact, so the test can compare.
function geminiUsage(request, outputTokens) {
  const promptTokenCount = JSON.stringify(request.contents).length >> 2;
  return { promptTokenCount, candidatesTokenCount: outputTokens, totalTokenCount: promptTokenCount + outputTokens };
}

// A GenerateContentResponse with one candidate.
function geminiChunk(parts, { finishReason, usageMetadata } = {}) {
  const candidate = { content: { parts, role: 'model' }, index: 0 };
  if (finishReason) candidate.finishReason = finishReason;
  const chunk = { candidates: [candidate], modelVersion: GEMINI_MODEL, responseId: 'fake-response' };
  if (usageMetadata) chunk.usageMetadata = usageMetadata;
  return chunk;
}

// Writes an SSE event in two writes cut inside its JSON, so that the gateway's decoder meets
// an event split across reads whenever TCP keeps the writes apart. Gemini ends events with
// CRLF CRLF.
async function writeEvent(res, chunk) {
  const event = Buffer.from(`data: ${JSON.stringify(chunk)}\r\n\r\n`);
  const cut = Math.floor(event.length / 2);
  for (const piece of [event.subarray(0, cut), event.subarray(cut)])
    if (!res.write(piece)) await new Promise((resolve) => res.once('drain', resolve));
}

// Sends the answer: whole, or as Gemini streams it (every chunk with the usage so far, the last
// one with the finish reason).
async function sendAnswer(res, stream, partsList, usage) {
  const total = partsList.length;
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
    return res.end(JSON.stringify(geminiChunk(partsList.flat(), { finishReason: 'STOP', usageMetadata: usage })));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const [i, parts] of partsList.entries()) {
    const sent = Math.round((usage.candidatesTokenCount * (i + 1)) / total);
    await writeEvent(res, geminiChunk(parts, {
      finishReason: i === total - 1 ? 'STOP' : undefined,
      usageMetadata: { ...usage, candidatesTokenCount: sent, totalTokenCount: usage.promptTokenCount + sent },
    }));
  }
  res.end();
}

const geminiRequests = []; // { method, url, headers, body, answer } in arrival order

async function serveGemini(req, res) {
  const record = { method: req.method, url: req.url, headers: req.headers, body: null, answer: null };
  geminiRequests.push(record);
  const pieces = [];
  let size = 0;
  for await (const piece of req) {
    size += piece.length;
    if (size > MAX_BODY) return googleError(res, 413, 'INVALID_ARGUMENT', 'request too large');
    pieces.push(piece);
  }
  const route = /^\/v1beta\/models\/([^/:?]+):(generateContent|streamGenerateContent\?alt=sse)$/.exec(req.url);
  if (req.method !== 'POST' || !route)
    return googleError(res, 404, 'NOT_FOUND', `the fake has no ${req.method} ${req.url}`);
  if (req.headers['x-goog-api-key'] !== GEMINI_KEY)
    return googleError(res, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.');
  try {
    record.body = JSON.parse(Buffer.concat(pieces).toString('utf8'));
  } catch (error) {
    return googleError(res, 400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${error.message}`);
  }
  const model = route[1];
  if (model === GEMINI_BUSY_MODEL) {
    record.answer = { status: 429 };
    return googleError(res, 429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).',
                       [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]);
  }
  if (model === GEMINI_TRUNCATED_MODEL) {
    // Half an answer: a whole one cut inside its JSON, or a stream without its last chunk
    // (no finishReason), as when the connection to Google breaks.
    record.answer = { truncated: true };
    const parts = [[{ text: 'The first words' }], [{ text: ' and no more' }], [{ text: ' (never sent)' }]];
    if (route[2] === 'generateContent') {
      const whole = JSON.stringify(geminiChunk(parts.flat(), { finishReason: 'STOP' }));
      res.writeHead(200, { 'content-type': 'application/json; charset=UTF-8' });
      return res.end(whole.slice(0, whole.length >> 1));
    }
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const chunk of parts.slice(0, 2)) await writeEvent(res, geminiChunk(chunk));
    return res.end();
  }
  if (model !== GEMINI_MODEL) {
    record.answer = { status: 404 };
    return googleError(res, 404, 'NOT_FOUND',
                       `models/${model} is not found for API version v1beta, or is not supported for generateContent.`);
  }
  const answer = geminiAnswer(record.body);
  if (answer.error) return googleError(res, 400, 'INVALID_ARGUMENT', answer.error);
  const stream = route[2] !== 'generateContent';

  if (answer.functionCalls) {
    // One call per chunk when streamed.
    record.answer = { functionCalls: answer.functionCalls, usage: geminiUsage(record.body, 9 * answer.functionCalls.length) };
    return sendAnswer(res, stream, answer.functionCalls.map((functionCall) => [{ functionCall }]), record.answer.usage);
  }
  // Text in pieces of five code points, a "token" each: the accented letters and the emoji
  // land in different chunks, each whole, as a JSON string holds them.
  const textPieces = Array.from(answer.text).reduce((list, ch, i) => {
    if (i % 5 === 0) list.push('');
    list[list.length - 1] += ch;
    return list;
  }, []);
  record.answer = { text: answer.text, usage: geminiUsage(record.body, textPieces.length) };
  return sendAnswer(res, stream, textPieces.map((text) => [{ text }]), record.answer.usage);
}

// --- the gateways and the clients --------------------------------------------------------------

let gemini; // the fake's http.Server
let gatewayA;
let openaiA; // `openai` against A
let anthropicA; // `@anthropic-ai/sdk` against A
let aiOpenAI; // the AI SDK's OpenAI provider against A
const openaiB = new OpenAI({ baseURL: B_BASE_URL, apiKey: dummyKey('sk-e2e-'), ...CLIENT_OPTIONS });
const anthropicB = new Anthropic({ baseURL: B_ROOT, apiKey: dummyKey('sk-ant-e2e-'), ...CLIENT_OPTIONS });

// Requests that reach B (through A or directly), by the API B answers them in; counted right
// after each answer, before the test's assertions, so that a failed test leaves it exact.
const bLedger = { 'chat.completions': 0, messages: 0 };

function configForA(geminiPort) {
  return {
    schemaVersion: 1,
    logging: { captureBodies: true },
    backends: [
      { name: 'b-openai', type: 'openai-compatible', baseUrl: B_BASE_URL, apiKey: 'env:SWITCHBOARD_E2E_B_KEY' },
      { name: 'b-anthropic', type: 'anthropic', baseUrl: B_ROOT, apiKey: 'env:SWITCHBOARD_E2E_B_KEY' },
      { name: 'fake-gemini', type: 'gemini', baseUrl: `http://127.0.0.1:${geminiPort}/v1beta`,
        apiKey: 'env:SWITCHBOARD_E2E_GEMINI_KEY' },
    ],
    models: [
      { alias: 'to-openai', targets: [{ backend: 'b-openai', model: 'mock-fast' }] },
      { alias: 'to-anthropic', targets: [{ backend: 'b-anthropic', model: 'mock-fast' }] },
      { alias: 'to-gemini', targets: [{ backend: 'fake-gemini', model: GEMINI_MODEL }] },
      // Backends that answer with an error.
      { alias: 'to-openai-missing', targets: [{ backend: 'b-openai', model: 'no-such-model' }] },
      { alias: 'to-anthropic-missing', targets: [{ backend: 'b-anthropic', model: 'no-such-model' }] },
      { alias: 'to-gemini-missing', targets: [{ backend: 'fake-gemini', model: 'gemini-missing' }] },
      { alias: 'to-gemini-busy', targets: [{ backend: 'fake-gemini', model: GEMINI_BUSY_MODEL }] },
      { alias: 'to-gemini-truncated', targets: [{ backend: 'fake-gemini', model: GEMINI_TRUNCATED_MODEL }] },
    ],
  };
}

before(async () => {
  gemini = http.createServer((req, res) => {
    serveGemini(req, res).catch((error) => {
      if (!res.headersSent) googleError(res, 500, 'INTERNAL', String(error));
      else res.destroy(error);
    });
  });
  await new Promise((resolve, reject) => {
    gemini.once('error', reject);
    gemini.listen(0, '127.0.0.1', resolve);
  });
  gatewayA = await startGateway({
    bin: BIN,
    workDir: WORK_DIR,
    name: 'gateway-a',
    config: configForA(gemini.address().port),
    env: { SWITCHBOARD_E2E_GEMINI_KEY: GEMINI_KEY, SWITCHBOARD_E2E_B_KEY: dummyKey('sk-e2e-b-') },
  });
  openaiA = new OpenAI({ baseURL: `${gatewayA.root}/v1`, apiKey: dummyKey('sk-e2e-'), ...CLIENT_OPTIONS });
  anthropicA = new Anthropic({ baseURL: gatewayA.root, apiKey: dummyKey('sk-ant-e2e-'), ...CLIENT_OPTIONS });
  aiOpenAI = createOpenAI({ baseURL: `${gatewayA.root}/v1`, apiKey: dummyKey('sk-e2e-') });
});

after(async () => {
  if (gatewayA) await stopGateway(gatewayA);
  gemini?.closeAllConnections();
  await new Promise((resolve) => (gemini ? gemini.close(resolve) : resolve()));
});

// The text of an Anthropic Message's text blocks.
const textOf = (message) => message.content.filter((b) => b.type === 'text').map((b) => b.text).join('');

// Reads an openai chat completion stream: the text, the tool calls put together from their
// deltas, the finish reason and the usage chunk.
async function readChatStream(stream) {
  let text = '';
  let finishReason = null;
  let usage = null;
  let chunks = 0;
  const calls = [];
  for await (const chunk of stream) {
    chunks++;
    if (chunk.usage) usage = chunk.usage;
    for (const choice of chunk.choices) {
      assert.equal(choice.index, 0);
      text += choice.delta?.content ?? '';
      for (const delta of choice.delta?.tool_calls ?? []) {
        const call = (calls[delta.index] ??= { id: '', name: '', arguments: '' });
        call.id += delta.id ?? '';
        call.name += delta.function?.name ?? '';
        call.arguments += delta.function?.arguments ?? '';
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    }
  }
  return { text, finishReason, usage, calls, chunks };
}

// =============================================================================================
// 1. @anthropic-ai/sdk -> A's /v1/messages -> openai-compatible backend -> B's /v1/chat/completions
// =============================================================================================

const BRIEF = 'Be brief.';
const QUESTION = 'What does a gateway between two APIs do?';
let directChat; // B's own answer to the request A sends it, as a chat completion

test('anthropic SDK on an OpenAI-format backend: messages.create gets B\'s answer, as a Message', TEST_TIMEOUT, async () => {
  const message = await anthropicA.messages.create({
    model: 'to-openai', max_tokens: 200, system: BRIEF, messages: [{ role: 'user', content: QUESTION }],
  });
  bLedger['chat.completions']++;
  directChat = await openaiB.chat.completions.create({
    model: 'mock-fast', max_tokens: 200,
    messages: [{ role: 'system', content: BRIEF }, { role: 'user', content: QUESTION }],
  });
  bLedger['chat.completions']++;

  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  // The Anthropic dialect answers with the alias asked for; the OpenAI dialect with the model
  // that answered (section 2): AnthropicEncoder keeps the alias on purpose.
  assert.equal(message.model, 'to-openai');
  assert.match(message.id, /^msg_/);
  assert.equal(message.content.length, 1);
  assert.equal(message.content[0].type, 'text');
  assert.equal(message.content[0].text, directChat.choices[0].message.content);
  assert.ok(message.content[0].text.length > 0);
  assert.equal(directChat.choices[0].finish_reason, 'stop');
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.stop_sequence, null);
  assert.equal(message.usage.input_tokens, directChat.usage.prompt_tokens);
  assert.equal(message.usage.output_tokens, directChat.usage.completion_tokens);
  assert.ok(message.usage.input_tokens > 0 && message.usage.output_tokens > 0);
});

test('anthropic SDK on an OpenAI-format backend: messages.stream adds up to the same Message', TEST_TIMEOUT, async () => {
  assert.ok(directChat, 'the previous test got B\'s answer');
  const stream = anthropicA.messages.stream({
    model: 'to-openai', max_tokens: 200, system: BRIEF, messages: [{ role: 'user', content: QUESTION }],
  });
  const events = [];
  let text = '';
  stream.on('streamEvent', (event) => events.push(event.type));
  stream.on('text', (delta) => {
    text += delta;
  });
  const message = await stream.finalMessage();
  bLedger['chat.completions']++;

  assert.equal(events[0], 'message_start');
  assert.equal(events[1], 'content_block_start');
  assert.ok(events.filter((e) => e === 'content_block_delta').length > 1, 'several deltas');
  assert.deepEqual(events.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  assert.equal(text, directChat.choices[0].message.content);
  assert.equal(textOf(message), text);
  assert.equal(message.model, 'to-openai');
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.usage.input_tokens, directChat.usage.prompt_tokens);
  assert.equal(message.usage.output_tokens, directChat.usage.completion_tokens);
});

test('anthropic SDK on an OpenAI-format backend: a tool_use turn, then the tool_result turn gets text', TEST_TIMEOUT, async () => {
  const ask = [{ role: 'user', content: 'What is the weather in Paris? Use get_weather.' }];
  const message = await anthropicA.messages.create({
    model: 'to-openai', max_tokens: 200, tools: ANTHROPIC_TOOLS, messages: ask,
  });
  bLedger['chat.completions']++;
  const direct = await openaiB.chat.completions.create({
    model: 'mock-fast', max_tokens: 200, tools: OPENAI_TOOLS, messages: ask,
  });
  bLedger['chat.completions']++;

  assert.equal(message.stop_reason, 'tool_use');
  const uses = message.content.filter((b) => b.type === 'tool_use');
  assert.equal(uses.length, 1, JSON.stringify(message.content));
  const [use] = uses;
  assert.equal(use.name, 'get_weather');
  assert.ok(use.id.length > 0);
  assertWeatherArguments(use.input);
  assert.equal(direct.choices[0].finish_reason, 'tool_calls');
  assert.deepEqual(use.input, JSON.parse(direct.choices[0].message.tool_calls[0].function.arguments));
  assert.equal(message.usage.input_tokens, direct.usage.prompt_tokens);
  assert.equal(message.usage.output_tokens, direct.usage.completion_tokens);

  const answer = await anthropicA.messages.create({
    model: 'to-openai',
    max_tokens: 200,
    tools: ANTHROPIC_TOOLS,
    messages: [
      ...ask,
      { role: 'assistant', content: message.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: JSON.stringify(WEATHER_REPORT) }] },
    ],
  });
  bLedger['chat.completions']++;
  assert.equal(answer.stop_reason, 'end_turn');
  assert.equal(answer.content.length, 1);
  assert.equal(answer.content[0].type, 'text');
  assert.ok(answer.content[0].text.length > 0);
  assert.ok(answer.usage.input_tokens > message.usage.input_tokens, 'the history went upstream');
});

test('anthropic SDK on an OpenAI-format backend: a streamed tool_use has its input', TEST_TIMEOUT, async () => {
  const stream = anthropicA.messages.stream({
    model: 'to-openai',
    max_tokens: 200,
    tools: ANTHROPIC_TOOLS,
    tool_choice: { type: 'tool', name: 'get_weather' },
    messages: [{ role: 'user', content: 'Weather for Lyon, please.' }],
  });
  let json = '';
  stream.on('inputJson', (delta) => {
    json += delta;
  });
  const message = await stream.finalMessage();
  bLedger['chat.completions']++;
  assert.equal(message.stop_reason, 'tool_use');
  const use = message.content.find((b) => b.type === 'tool_use');
  assert.ok(use, JSON.stringify(message.content));
  assert.equal(use.name, 'get_weather');
  assertWeatherArguments(use.input);
  assert.deepEqual(JSON.parse(json), use.input);
});

test('anthropic SDK on an OpenAI-format backend: messages.countTokens', TEST_TIMEOUT, async () => {
  const ask = [{ role: 'user', content: QUESTION }];
  const plain = await anthropicA.messages.countTokens({ model: 'to-openai', system: BRIEF, messages: ask });
  assert.deepEqual(Object.keys(plain), ['input_tokens']);
  assert.ok(Number.isInteger(plain.input_tokens) && plain.input_tokens > 0);
  const withTools = await anthropicA.messages.countTokens({
    model: 'to-openai', system: BRIEF, messages: ask, tools: ANTHROPIC_TOOLS,
  });
  assert.ok(withTools.input_tokens > plain.input_tokens, 'the tools count too');
});

// =============================================================================================
// 2. openai -> A's /v1/chat/completions -> anthropic backend -> B's /v1/messages
// =============================================================================================

let directMessage; // B's own answer, as an Anthropic Message

test('openai on an Anthropic-format backend: chat.completions.create gets B\'s answer', TEST_TIMEOUT, async () => {
  const completion = await openaiA.chat.completions.create({
    model: 'to-anthropic', max_tokens: 200,
    messages: [{ role: 'system', content: BRIEF }, { role: 'user', content: QUESTION }],
  });
  bLedger.messages++;
  directMessage = await anthropicB.messages.create({
    model: 'mock-fast', max_tokens: 200, system: BRIEF, messages: [{ role: 'user', content: QUESTION }],
  });
  bLedger.messages++;

  assert.equal(completion.object, 'chat.completion');
  // The OpenAI dialect names the model that answered (ResponseEvent's Start).
  assert.equal(completion.model, 'mock-fast');
  assert.equal(completion.choices.length, 1);
  const [choice] = completion.choices;
  assert.equal(choice.message.role, 'assistant');
  assert.equal(choice.message.content, textOf(directMessage));
  assert.ok(choice.message.content.length > 0);
  assert.equal(directMessage.stop_reason, 'end_turn');
  assert.equal(choice.finish_reason, 'stop');
  assert.equal(completion.usage.prompt_tokens, directMessage.usage.input_tokens);
  assert.equal(completion.usage.completion_tokens, directMessage.usage.output_tokens);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + completion.usage.completion_tokens);
});

test('openai on an Anthropic-format backend: a stream with include_usage', TEST_TIMEOUT, async () => {
  assert.ok(directMessage, 'the previous test got B\'s answer');
  const stream = await openaiA.chat.completions.create({
    model: 'to-anthropic', max_tokens: 200, stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'system', content: BRIEF }, { role: 'user', content: QUESTION }],
  });
  const got = await readChatStream(stream);
  bLedger.messages++;
  assert.ok(got.chunks > 2, 'several chunks');
  assert.equal(got.text, textOf(directMessage));
  assert.equal(got.finishReason, 'stop');
  assert.deepEqual(got.calls, []);
  assert.ok(got.usage, 'a usage chunk');
  assert.equal(got.usage.prompt_tokens, directMessage.usage.input_tokens);
  assert.equal(got.usage.completion_tokens, directMessage.usage.output_tokens);
  assert.equal(got.usage.total_tokens, got.usage.prompt_tokens + got.usage.completion_tokens);
});

test('openai on an Anthropic-format backend: tool_calls, then the tool result turn gets text', TEST_TIMEOUT, async () => {
  const ask = [{ role: 'user', content: 'How warm is it in Paris right now?' }];
  const completion = await openaiA.chat.completions.create({
    model: 'to-anthropic', max_tokens: 200, tools: OPENAI_TOOLS, tool_choice: 'required', messages: ask,
  });
  bLedger.messages++;
  const direct = await anthropicB.messages.create({
    model: 'mock-fast', max_tokens: 200, tools: ANTHROPIC_TOOLS, tool_choice: { type: 'any' }, messages: ask,
  });
  bLedger.messages++;

  const [choice] = completion.choices;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.tool_calls?.length, 1, JSON.stringify(choice.message));
  const [call] = choice.message.tool_calls;
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.ok(call.id.length > 0);
  const args = JSON.parse(call.function.arguments);
  assertWeatherArguments(args);
  assert.equal(direct.stop_reason, 'tool_use');
  assert.deepEqual(args, direct.content.find((b) => b.type === 'tool_use').input);
  assert.equal(completion.usage.prompt_tokens, direct.usage.input_tokens);
  assert.equal(completion.usage.completion_tokens, direct.usage.output_tokens);

  const answer = await openaiA.chat.completions.create({
    model: 'to-anthropic',
    max_tokens: 200,
    tools: OPENAI_TOOLS,
    messages: [
      ...ask,
      choice.message,
      { role: 'tool', tool_call_id: call.id, content: JSON.stringify(WEATHER_REPORT) },
    ],
  });
  bLedger.messages++;
  assert.equal(answer.choices[0].finish_reason, 'stop');
  assert.ok(answer.choices[0].message.content.length > 0);
  assert.equal(answer.choices[0].message.tool_calls, undefined);
  assert.ok(answer.usage.prompt_tokens > completion.usage.prompt_tokens, 'the history went upstream');
  assert.ok(answer.usage.completion_tokens > 0);
});

test('openai on an Anthropic-format backend: streamed tool_calls', TEST_TIMEOUT, async () => {
  const stream = await openaiA.chat.completions.create({
    model: 'to-anthropic', max_tokens: 200, tools: OPENAI_TOOLS, stream: true,
    stream_options: { include_usage: true },
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    messages: [{ role: 'user', content: 'And in Oslo?' }],
  });
  const got = await readChatStream(stream);
  bLedger.messages++;
  assert.equal(got.finishReason, 'tool_calls');
  assert.equal(got.text, '');
  assert.equal(got.calls.length, 1);
  assert.equal(got.calls[0].name, 'get_weather');
  assert.ok(got.calls[0].id.length > 0);
  assertWeatherArguments(JSON.parse(got.calls[0].arguments));
  assert.ok(got.usage.prompt_tokens > 0 && got.usage.completion_tokens > 0);
});

// =============================================================================================
// 3. openai -> A's /v1/chat/completions -> gemini backend -> the fake's generateContent
// =============================================================================================

// The requests the fake got since `since`, checked to be for the model and with A's key.
function geminiRequestsSince(since, count) {
  const got = geminiRequests.slice(since);
  assert.equal(got.length, count, `the fake got ${got.length} requests: ${got.map((r) => r.url).join(', ')}`);
  for (const r of got) {
    assert.equal(r.method, 'POST');
    assert.equal(r.headers['x-goog-api-key'], GEMINI_KEY);
    assert.equal(r.headers.authorization, undefined, 'the key goes in x-goog-api-key only');
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.ok(r.answer, `the fake answered ${r.url}`);
  }
  return got;
}

test('openai on a Gemini-format backend: a conversation, plain', TEST_TIMEOUT, async () => {
  const since = geminiRequests.length;
  const completion = await openaiA.chat.completions.create({
    model: 'to-gemini', max_tokens: 300, temperature: 0.5, top_p: 0.9, stop: ['END'],
    messages: [
      { role: 'system', content: BRIEF },
      { role: 'user', content: 'Hi.' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Hello from the openai client.' },
    ],
  });
  const [request] = geminiRequestsSince(since, 1);

  assert.equal(request.url, `/v1beta/models/${GEMINI_MODEL}:generateContent`);
  assert.deepEqual(request.body.contents, [
    { role: 'user', parts: [{ text: 'Hi.' }] },
    { role: 'model', parts: [{ text: 'Hello!' }] },
    { role: 'user', parts: [{ text: 'Hello from the openai client.' }] },
  ]);
  assert.deepEqual(request.body.systemInstruction, { parts: [{ text: BRIEF }] });
  assert.equal(request.body.tools, undefined);
  assert.equal(request.body.toolConfig, undefined);
  assert.deepEqual(request.body.generationConfig,
                   { maxOutputTokens: 300, temperature: 0.5, topP: 0.9, stopSequences: ['END'] });

  assert.equal(completion.model, GEMINI_MODEL); // the model that answered (see section 2)
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.content, request.answer.text);
  assert.equal(completion.choices[0].message.content, 'Gemini héard: Hello from the openai client. 🌍 That is all.');
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage.prompt_tokens, request.answer.usage.promptTokenCount);
  assert.equal(completion.usage.completion_tokens, request.answer.usage.candidatesTokenCount);
  assert.equal(completion.usage.total_tokens, request.answer.usage.totalTokenCount);
});

test('openai on a Gemini-format backend: streaming (alt=sse) with include_usage', TEST_TIMEOUT, async () => {
  const since = geminiRequests.length;
  const stream = await openaiA.chat.completions.create({
    model: 'to-gemini', stream: true, stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Stream ünïcödé back to me.' }],
  });
  const got = await readChatStream(stream);
  const [request] = geminiRequestsSince(since, 1);

  assert.equal(request.url, `/v1beta/models/${GEMINI_MODEL}:streamGenerateContent?alt=sse`);
  assert.equal(request.headers.accept, 'text/event-stream');
  assert.deepEqual(request.body.contents, [{ role: 'user', parts: [{ text: 'Stream ünïcödé back to me.' }] }]);
  assert.equal(got.text, request.answer.text);
  assert.ok(got.chunks > 5, `${got.chunks} chunks`);
  assert.equal(got.finishReason, 'stop');
  assert.equal(got.usage.prompt_tokens, request.answer.usage.promptTokenCount);
  assert.equal(got.usage.completion_tokens, request.answer.usage.candidatesTokenCount);
  assert.equal(got.usage.total_tokens, request.answer.usage.totalTokenCount);
});

test('openai on a Gemini-format backend: a functionCall as tool_calls, then the functionResponse turn', TEST_TIMEOUT, async () => {
  const since = geminiRequests.length;
  const ask = [{ role: 'system', content: BRIEF }, { role: 'user', content: 'Is it sunny in Paris?' }];
  const completion = await openaiA.chat.completions.create({
    model: 'to-gemini', tools: OPENAI_TOOLS, tool_choice: 'required', messages: ask,
  });
  const [request] = geminiRequestsSince(since, 1);

  assert.deepEqual(request.body.tools, [{
    functionDeclarations: [{ name: WEATHER.name, description: WEATHER.description, parameters: WEATHER.schema }],
  }]);
  assert.deepEqual(request.body.toolConfig, { functionCallingConfig: { mode: 'ANY' } });
  assert.deepEqual(request.body.systemInstruction, { parts: [{ text: BRIEF }] });

  const [choice] = completion.choices;
  assert.equal(choice.finish_reason, 'tool_calls');
  assert.equal(choice.message.tool_calls?.length, 1, JSON.stringify(choice.message));
  const [call] = choice.message.tool_calls;
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.ok(call.id.length > 0);
  assert.deepEqual(JSON.parse(call.function.arguments), GEMINI_ARGS.get_weather);
  assert.equal(completion.usage.prompt_tokens, request.answer.usage.promptTokenCount);
  assert.equal(completion.usage.completion_tokens, request.answer.usage.candidatesTokenCount);

  const answer = await openaiA.chat.completions.create({
    model: 'to-gemini',
    tools: OPENAI_TOOLS,
    tool_choice: 'auto',
    messages: [...ask, choice.message, { role: 'tool', tool_call_id: call.id, content: JSON.stringify(WEATHER_REPORT) }],
  });
  const [second] = geminiRequestsSince(since + 1, 1);
  assert.deepEqual(second.body.toolConfig, { functionCallingConfig: { mode: 'AUTO' } });
  const contents = second.body.contents;
  assert.deepEqual(contents.map((c) => c.role), ['user', 'model', 'user']);
  assert.deepEqual(contents[0].parts, [{ text: 'Is it sunny in Paris?' }]);
  assert.equal(contents[1].parts.length, 1);
  assert.deepEqual(contents[1].parts[0].functionCall, { name: 'get_weather', args: GEMINI_ARGS.get_weather });
  assert.deepEqual(contents[2].parts, [{ functionResponse: { name: 'get_weather', response: WEATHER_REPORT } }]);

  assert.equal(answer.choices[0].finish_reason, 'stop');
  assert.equal(answer.choices[0].message.content, second.answer.text);
  assert.match(answer.choices[0].message.content, /^Gemini read get_weather: \{.*\} — merci 🌤$/);
  assert.equal(answer.usage.prompt_tokens, second.answer.usage.promptTokenCount);
  assert.equal(answer.usage.completion_tokens, second.answer.usage.candidatesTokenCount);
});

test('openai on a Gemini-format backend: a named tool_choice, streamed', TEST_TIMEOUT, async () => {
  const since = geminiRequests.length;
  const stream = await openaiA.chat.completions.create({
    model: 'to-gemini', tools: OPENAI_TOOLS, stream: true, stream_options: { include_usage: true },
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    messages: [{ role: 'user', content: 'Paris weather, streamed.' }],
  });
  const got = await readChatStream(stream);
  const [request] = geminiRequestsSince(since, 1);
  assert.equal(request.url, `/v1beta/models/${GEMINI_MODEL}:streamGenerateContent?alt=sse`);
  assert.deepEqual(request.body.toolConfig,
                   { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } });
  assert.equal(got.finishReason, 'tool_calls');
  assert.equal(got.text, '');
  assert.equal(got.calls.length, 1);
  assert.equal(got.calls[0].name, 'get_weather');
  assert.ok(got.calls[0].id.length > 0);
  assert.deepEqual(JSON.parse(got.calls[0].arguments), GEMINI_ARGS.get_weather);
  assert.equal(got.usage.prompt_tokens, request.answer.usage.promptTokenCount);
  assert.equal(got.usage.completion_tokens, request.answer.usage.candidatesTokenCount);
});

test('openai on a Gemini-format backend: parallel functionCalls, streamed, then both results in one turn', TEST_TIMEOUT, async () => {
  const since = geminiRequests.length;
  const tools = [...OPENAI_TOOLS, OPENAI_CLOCK];
  const ask = [{ role: 'user', content: 'Weather and time in Paris?' }];
  const stream = await openaiA.chat.completions.create({
    model: 'to-gemini', tools, tool_choice: 'required', stream: true, stream_options: { include_usage: true },
    messages: ask,
  });
  const got = await readChatStream(stream);
  const [request] = geminiRequestsSince(since, 1);
  assert.deepEqual(request.body.tools[0].functionDeclarations.map((d) => d.name), ['get_weather', 'get_time']);
  assert.equal(got.finishReason, 'tool_calls');
  assert.deepEqual(got.calls.map((c) => c.name), ['get_weather', 'get_time']);
  assert.deepEqual(got.calls.map((c) => JSON.parse(c.arguments)), [GEMINI_ARGS.get_weather, GEMINI_ARGS.get_time]);
  assert.equal(new Set(got.calls.map((c) => c.id)).size, 2, 'two distinct call ids');
  assert.equal(got.usage.completion_tokens, request.answer.usage.candidatesTokenCount);

  const clock = { timezone: 'Europe/Paris', time: '12:00' };
  const answer = await openaiA.chat.completions.create({
    model: 'to-gemini',
    tools,
    messages: [
      ...ask,
      {
        role: 'assistant',
        content: null,
        tool_calls: got.calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })),
      },
      { role: 'tool', tool_call_id: got.calls[0].id, content: JSON.stringify(WEATHER_REPORT) },
      { role: 'tool', tool_call_id: got.calls[1].id, content: JSON.stringify(clock) },
    ],
  });
  const [second] = geminiRequestsSince(since + 1, 1);
  assert.equal(second.body.toolConfig, undefined, 'no tool_choice, no toolConfig');
  const contents = second.body.contents;
  assert.deepEqual(contents.map((c) => c.role), ['user', 'model', 'user']);
  assert.deepEqual(contents[1].parts.map((p) => p.functionCall),
                   [{ name: 'get_weather', args: GEMINI_ARGS.get_weather }, { name: 'get_time', args: GEMINI_ARGS.get_time }]);
  // The answers to parallel calls travel together, in the calls' order.
  assert.deepEqual(contents[2].parts, [
    { functionResponse: { name: 'get_weather', response: WEATHER_REPORT } },
    { functionResponse: { name: 'get_time', response: clock } },
  ]);
  assert.equal(answer.choices[0].finish_reason, 'stop');
  assert.equal(answer.choices[0].message.content, second.answer.text);
});

// =============================================================================================
// 4. The Vercel AI SDK's default openai(model) (Responses API) -> A -> anthropic backend -> B
// =============================================================================================

test('Vercel AI SDK generateText through A to the Anthropic-format backend', TEST_TIMEOUT, async () => {
  const prompt = 'Write one line about gateways.';
  const result = await generateText({ model: aiOpenAI('to-anthropic'), prompt, maxOutputTokens: 200, maxRetries: 0 });
  bLedger.messages++;
  const direct = await anthropicB.messages.create({
    model: 'mock-fast', max_tokens: 200, messages: [{ role: 'user', content: prompt }],
  });
  bLedger.messages++;

  assert.match(result.response.id, /^resp_/);
  assert.equal(result.text, textOf(direct));
  assert.ok(result.text.length > 0);
  assert.equal(result.finishReason, 'stop');
  assert.equal(result.usage.inputTokens, direct.usage.input_tokens);
  assert.equal(result.usage.outputTokens, direct.usage.output_tokens);
});

test('Vercel AI SDK streamText through A to the Anthropic-format backend', TEST_TIMEOUT, async () => {
  const result = streamText({
    model: aiOpenAI('to-anthropic'), system: BRIEF, prompt: QUESTION, maxOutputTokens: 200, maxRetries: 0,
  });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  bLedger.messages++;
  assert.ok(directMessage, 'B\'s answer to the same request (section 2)');
  assert.equal(text, textOf(directMessage));
  assert.equal(await result.text, text);
  assert.equal(await result.finishReason, 'stop');
  const usage = await result.usage;
  assert.equal(usage.inputTokens, directMessage.usage.input_tokens);
  assert.equal(usage.outputTokens, directMessage.usage.output_tokens);
});

const weatherTool = tool({
  description: WEATHER.description,
  inputSchema: z.object({
    city: z.string().describe('The city, e.g. Paris'),
    unit: z.enum(['celsius', 'fahrenheit']),
  }),
  execute: async ({ city, unit }) => ({ ...WEATHER_REPORT, city, unit }),
});

test('Vercel AI SDK generateText with a tool() through A: the call, its result, then text', TEST_TIMEOUT, async () => {
  const result = await generateText({
    model: aiOpenAI('to-anthropic'),
    tools: { get_weather: weatherTool },
    stopWhen: stepCountIs(3),
    maxRetries: 0,
    prompt: 'What is the weather in Paris? Call get_weather.',
  });
  bLedger.messages += result.steps.length;

  assert.equal(result.steps.length, 2, result.steps.map((s) => s.finishReason).join(', '));
  const [first, second] = result.steps;
  assert.equal(first.finishReason, 'tool-calls');
  assert.equal(first.toolCalls.length, 1);
  assert.equal(first.toolCalls[0].toolName, 'get_weather');
  assert.equal(first.toolCalls[0].invalid, undefined, 'the input passed the zod schema');
  assertWeatherArguments(first.toolCalls[0].input);
  assert.equal(first.toolResults.length, 1);
  assert.deepEqual(first.toolResults[0].output, { ...WEATHER_REPORT, ...first.toolCalls[0].input });
  assert.equal(second.finishReason, 'stop');
  assert.equal(second.toolCalls.length, 0);
  assert.ok(result.text.length > 0);
  assert.equal(result.text, second.text);
  assert.equal(result.finishReason, 'stop');
  assert.ok(second.usage.inputTokens > first.usage.inputTokens, 'the tool result went upstream');
  assert.equal(result.totalUsage.outputTokens, first.usage.outputTokens + second.usage.outputTokens);
});

test('Vercel AI SDK streamText with a tool() through A', TEST_TIMEOUT, async () => {
  const result = streamText({
    model: aiOpenAI('to-anthropic'),
    tools: { get_weather: weatherTool },
    stopWhen: stepCountIs(3),
    maxRetries: 0,
    prompt: 'Use the get_weather tool for Rome.',
  });
  const parts = [];
  for await (const part of result.fullStream) parts.push(part);
  const steps = await result.steps;
  bLedger.messages += steps.length;

  const types = parts.map((p) => p.type);
  assert.ok(types.includes('tool-input-start'), types.join(' '));
  const call = parts.find((p) => p.type === 'tool-call');
  assert.equal(call.toolName, 'get_weather');
  assertWeatherArguments(call.input);
  const toolResult = parts.find((p) => p.type === 'tool-result');
  assert.deepEqual(toolResult.output, { ...WEATHER_REPORT, ...call.input });
  assert.equal(steps.length, 2);
  assert.equal(steps[0].finishReason, 'tool-calls');
  assert.equal(await result.finishReason, 'stop');
  assert.ok((await result.text).length > 0);
});

// =============================================================================================
// 5. A backend's error reaches the client in the client's API
// =============================================================================================

// The message of an upstream's error, as the client reads it: the upstream's own message, read
// out of its API's error shape by the adapter, not that shape's raw JSON (which the client's
// API does not know).
const B_MISSING = 'The model `no-such-model` does not exist or you do not have access to it.';
function assertUpstreamMessage(message, upstreamMessage) {
  assert.ok(message.includes(upstreamMessage), `"${upstreamMessage}" in: ${message}`);
  assert.ok(!message.includes('{"'), `no raw JSON of another API's error shape in: ${message}`);
}

// The error a call fails with (and a failure if it succeeds).
async function failureOf(promise) {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  assert.fail('the call succeeded; an error was expected');
}

test('errors: B\'s OpenAI-format 404 reaches the anthropic SDK as Anthropic\'s not_found_error', TEST_TIMEOUT, async () => {
  const ask = { model: 'to-openai-missing', max_tokens: 16, messages: [{ role: 'user', content: QUESTION }] };
  const errors = [await failureOf(anthropicA.messages.create(ask)),
                  await failureOf(anthropicA.messages.stream(ask).finalMessage())];
  bLedger['chat.completions'] += errors.length;
  for (const err of errors) {
    assert.ok(err instanceof Anthropic.NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.status, 404);
    assert.equal(err.error.type, 'error');
    assert.equal(err.error.error.type, 'not_found_error');
    assertUpstreamMessage(err.error.error.message, B_MISSING);
  }
});

test('errors: B\'s Anthropic-format 404 reaches the openai client as OpenAI\'s error', TEST_TIMEOUT, async () => {
  const ask = { model: 'to-anthropic-missing', max_tokens: 16, messages: [{ role: 'user', content: QUESTION }] };
  for (const stream of [false, true]) {
    const err = await failureOf(openaiA.chat.completions.create({ ...ask, stream }));
    bLedger.messages++;
    assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.status, 404);
    assertUpstreamMessage(err.error.message, B_MISSING);
  }
});

test('errors: Gemini\'s 404 and 429 reach the openai client as OpenAI\'s errors', TEST_TIMEOUT, async () => {
  const ask = { max_tokens: 16, messages: [{ role: 'user', content: QUESTION }] };
  let since = geminiRequests.length;
  let err = await failureOf(openaiA.chat.completions.create({ ...ask, model: 'to-gemini-missing' }));
  assert.equal(geminiRequestsSince(since, 1)[0].url, '/v1beta/models/gemini-missing:generateContent');
  assert.ok(err instanceof OpenAI.NotFoundError, `got ${err?.constructor?.name}: ${err?.message}`);
  assert.equal(err.status, 404);
  assertUpstreamMessage(err.error.message,
                        'models/gemini-missing is not found for API version v1beta, or is not supported for generateContent.');

  since = geminiRequests.length;
  err = await failureOf(openaiA.chat.completions.create({ ...ask, model: 'to-gemini-busy', stream: true }));
  assert.equal(geminiRequestsSince(since, 1)[0].url, `/v1beta/models/${GEMINI_BUSY_MODEL}:streamGenerateContent?alt=sse`);
  assert.ok(err instanceof OpenAI.RateLimitError, `got ${err?.constructor?.name}: ${err?.message}`);
  assert.equal(err.status, 429);
  assertUpstreamMessage(err.error.message, 'Resource has been exhausted (e.g. check quota).');
});

test('errors: half an answer from Gemini is a clean 502, or an error event in a started stream', TEST_TIMEOUT, async () => {
  const ask = { model: 'to-gemini-truncated', max_tokens: 16, messages: [{ role: 'user', content: QUESTION }] };
  let since = geminiRequests.length;
  await assert.rejects(openaiA.chat.completions.create(ask), (err) => {
    assert.ok(err instanceof OpenAI.InternalServerError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.equal(err.status, 502);
    assert.match(err.error.message, /fake-gemini/);
    return true;
  });
  geminiRequestsSince(since, 1);

  // A stream that has started cannot change its status: the deltas so far, then the error.
  since = geminiRequests.length;
  const stream = await openaiA.chat.completions.create({ ...ask, stream: true });
  let text = '';
  await assert.rejects((async () => {
    for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
  })(), (err) => {
    assert.ok(err instanceof OpenAI.APIError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.match(err.message, /ended before its last chunk/);
    return true;
  });
  assert.equal(text, 'The first words and no more');
  geminiRequestsSince(since, 1);

  since = geminiRequests.length;
  await assert.rejects(anthropicA.messages.stream(ask).finalMessage(), (err) => {
    assert.ok(err instanceof Anthropic.APIError, `got ${err?.constructor?.name}: ${err?.message}`);
    assert.match(err.message, /ended before its last chunk/);
    return true;
  });
  geminiRequestsSince(since, 1);
});

// =============================================================================================
// The backends' wire formats as B saw them, and a clean stop
// =============================================================================================

// The API a row of B's log was answered in, from its captured response body (the log's
// endpoint column is the canonical endpoint: /v1/messages is chat.completions there too).
function answeredApi(row) {
  const body = row.response_body ?? '';
  if (body.startsWith('event: message_start\n')) return 'messages'; // a stream
  if (/^data: \{"id":"chatcmpl-[^"]*","object":"chat\.completion\.chunk"/.test(body)) return 'chat.completions';
  if (!body.startsWith('{')) return 'unknown';
  const json = JSON.parse(body); // a whole answer, or an error (streamed requests too)
  if (json.type === 'message' || json.type === 'error') return 'messages';
  if (json.object === 'chat.completion' || (json.error && !json.type)) return 'chat.completions';
  return 'unknown';
}

test('B answered every request in the API of the backend that sent it', TEST_TIMEOUT, async () => {
  const expected = bLedger['chat.completions'] + bLedger.messages;
  const rows = await waitFor(`${expected} rows in B's request log`, async () => {
    const r = await queryLog(BIN, B_DATA_DIR, ['--bodies']);
    return r.length >= expected ? r : null;
  });
  assert.equal(rows.length, expected, 'one row per request the suite counted');
  const count = (api) => rows.filter((row) => answeredApi(row) === api).length;
  assert.equal(count('chat.completions'), bLedger['chat.completions'], 'the openai-compatible backend');
  assert.equal(count('messages'), bLedger.messages, 'the anthropic backend');
});

test('Gateway A stops on SIGTERM with exit status 0', TEST_TIMEOUT, async () => {
  const gateway = gatewayA;
  gatewayA = null;
  assert.deepEqual(await stopGateway(gateway), { code: 0, signal: null });
});
