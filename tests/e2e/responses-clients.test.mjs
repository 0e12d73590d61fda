// End-to-end tests of the gateway's OpenAI Responses API (POST /v1/responses, GET and DELETE
// /v1/responses/{id}, input_items), driven by the clients that use it:
//   - the official `openai` client's responses.create, plain and streaming, continued with
//     previous_response_id;
//   - the Vercel AI SDK's default `openai(model)` (its default is the Responses API) with
//     generateText and streamText;
//   - LangChain's ChatOpenAI with useResponsesApi: true, invoke and stream.
//
// Run through run-e2e.sh with SWITCHBOARD_E2E_TEST_FILE=responses-clients.test.mjs: the gateway
// serves its embedded default config (the built-in mock backend, models mock-fast and
// mock-smart), and these variables are set:
//   SWITCHBOARD_BASE_URL  e.g. http://127.0.0.1:41234/v1
//   OPENAI_API_KEY        a random dummy key (the gateway has no auth; the clients want one)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { generateText, streamText } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI } from '@langchain/openai';

const BASE_URL = process.env.SWITCHBOARD_BASE_URL;
if (!BASE_URL) throw new Error('SWITCHBOARD_BASE_URL is not set; run this suite through run-e2e.sh');
const API_KEY = process.env.OPENAI_API_KEY || 'sk-e2e-dummy';
const MODEL = 'mock-fast';
const TEST_TIMEOUT = { timeout: 30_000 };

const client = new OpenAI({ baseURL: BASE_URL, apiKey: API_KEY, maxRetries: 0, timeout: 20_000 });

test('openai responses.create answers a Response object that can be read back', TEST_TIMEOUT, async () => {
  const response = await client.responses.create({ model: MODEL, input: 'Say hello to the gateway.' });
  assert.equal(response.object, 'response');
  assert.match(response.id, /^resp_[0-9a-f]{32}$/);
  assert.equal(response.status, 'completed');
  assert.ok(response.output_text.length > 0, 'output_text (the SDK joins the output_text parts)');
  assert.ok(response.usage.input_tokens > 0);
  assert.ok(response.usage.output_tokens > 0);
  assert.equal(response.usage.total_tokens, response.usage.input_tokens + response.usage.output_tokens);

  const retrieved = await client.responses.retrieve(response.id);
  assert.equal(retrieved.id, response.id);
  assert.equal(retrieved.output_text, response.output_text);

  const items = await client.responses.inputItems.list(response.id);
  assert.equal(items.data.length, 1);
  assert.equal(items.data[0].role, 'user');
  assert.equal(items.data[0].content[0].text, 'Say hello to the gateway.');

  await client.responses.delete(response.id);
  await assert.rejects(client.responses.retrieve(response.id), (err) => err.status === 404);
});

test('openai responses.create continues with previous_response_id', TEST_TIMEOUT, async () => {
  const first = await client.responses.create({ model: MODEL, input: 'My name is Ada.' });
  const second = await client.responses.create({
    model: MODEL,
    input: 'What is my name?',
    previous_response_id: first.id,
  });
  assert.equal(second.previous_response_id, first.id);
  assert.equal(second.status, 'completed');
  // The second response's input is the whole conversation: the first turn, its answer, then
  // the new question.
  const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
  assert.deepEqual(
    items.data.map((item) => item.role),
    ['user', 'assistant', 'user'],
  );
  assert.equal(items.data[1].content[0].text, first.output_text);
  // More prompt tokens than the first turn alone: the history went upstream.
  assert.ok(second.usage.input_tokens > first.usage.input_tokens);

  await assert.rejects(
    client.responses.create({ model: MODEL, input: 'x', previous_response_id: 'resp_does_not_exist' }),
    (err) => err.status === 404 && /Previous response with id 'resp_does_not_exist' not found/.test(err.message),
  );
});

test('openai responses.create streams typed events, and the stream continues a conversation', TEST_TIMEOUT, async () => {
  const first = await client.responses.create({ model: MODEL, input: 'Count to three.' });
  const stream = await client.responses.create({
    model: MODEL,
    input: 'And to four?',
    previous_response_id: first.id,
    stream: true,
  });
  const types = [];
  let text = '';
  let completed;
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.equal(types[1], 'response.in_progress');
  assert.equal(types.at(-1), 'response.completed');
  for (const type of ['response.output_item.added', 'response.content_part.added',
    'response.output_text.done', 'response.content_part.done', 'response.output_item.done']) {
    assert.ok(types.includes(type), `${type} was sent`);
  }
  assert.ok(text.length > 0);
  assert.equal(completed.output[0].content[0].text, text);
  assert.equal(completed.previous_response_id, first.id);

  // The SDK's stream helper builds the answer from the events (it checks that each delta
  // has its item and content part) and ends with the response of response.completed.
  const helper = client.responses.stream({ model: MODEL, input: 'Stream again.' });
  let helperText = '';
  helper.on('response.output_text.delta', (event) => { helperText += event.delta; });
  const final = await helper.finalResponse();
  assert.equal(final.status, 'completed');
  assert.ok(helperText.length > 0);
  assert.equal(final.output[0].content[0].text, helperText);
});

// The AI SDK's default provider factory: `openai(model)` uses the Responses API.
const aiOpenAI = createOpenAI({ baseURL: BASE_URL, apiKey: API_KEY });

test('Vercel AI SDK generateText with the default openai(model)', TEST_TIMEOUT, async () => {
  const result = await generateText({ model: aiOpenAI(MODEL), prompt: 'Write one line about gateways.' });
  assert.ok(result.text.length > 0);
  assert.equal(result.finishReason, 'stop');
  assert.ok(result.usage.inputTokens > 0);
  assert.ok(result.usage.outputTokens > 0);
  assert.match(result.response.id, /^resp_/);
});

test('Vercel AI SDK streamText with the default openai(model)', TEST_TIMEOUT, async () => {
  const result = streamText({
    model: aiOpenAI(MODEL),
    system: 'You are terse.',
    prompt: 'Stream one line about gateways.',
  });
  let text = '';
  for await (const piece of result.textStream) text += piece;
  assert.ok(text.length > 0);
  assert.equal(await result.text, text);
  assert.equal(await result.finishReason, 'stop');
  assert.ok((await result.usage).outputTokens > 0);
});

const chat = new ChatOpenAI({
  model: MODEL,
  apiKey: API_KEY,
  useResponsesApi: true,
  maxRetries: 0,
  configuration: { baseURL: BASE_URL },
});

test('LangChain ChatOpenAI with useResponsesApi: invoke', TEST_TIMEOUT, async () => {
  const message = await chat.invoke([
    ['system', 'You are terse.'],
    ['human', 'Say something about gateways.'],
  ]);
  assert.ok(message.text.length > 0);
  assert.match(message.id ?? message.response_metadata?.id ?? '', /^(resp_|msg_)/);
  assert.ok(message.usage_metadata.input_tokens > 0);
  assert.ok(message.usage_metadata.output_tokens > 0);
});

test('LangChain ChatOpenAI with useResponsesApi: stream', TEST_TIMEOUT, async () => {
  let text = '';
  let chunks = 0;
  for await (const chunk of await chat.stream('Stream something about gateways.')) {
    text += chunk.text;
    chunks += 1;
  }
  assert.ok(chunks > 1, 'the answer came in pieces');
  assert.ok(text.length > 0);
});
