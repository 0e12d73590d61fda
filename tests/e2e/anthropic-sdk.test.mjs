// End-to-end tests of the gateway's Anthropic Messages API, driven by the official
// `@anthropic-ai/sdk` npm client against the embedded default config (built-in mock backend,
// aliases mock-fast and mock-smart).
//
// Run through run-e2e.sh (SWITCHBOARD_E2E_TEST=anthropic-sdk.test.mjs), which installs the
// pinned packages, starts `switchboard serve` on a free port and passes:
//   SWITCHBOARD_BASE_URL  e.g. http://127.0.0.1:41234/v1 (the SDK wants the root: it adds /v1)
//   ANTHROPIC_API_KEY     a random dummy key (the gateway has no keys yet; the SDK wants one)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import Anthropic from '@anthropic-ai/sdk';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; run this suite through tests/e2e/run-e2e.sh`);
  return value;
}

const GATEWAY_ROOT = requireEnv('SWITCHBOARD_BASE_URL').replace(/\/v1\/?$/, '');
const TEST_TIMEOUT = { timeout: 30_000 };
const MODEL = 'mock-fast';

const client = new Anthropic({
  baseURL: GATEWAY_ROOT,
  apiKey: process.env.ANTHROPIC_API_KEY || `sk-ant-e2e-${randomBytes(16).toString('hex')}`,
  maxRetries: 0, // one SDK call = one gateway request
  timeout: 20_000,
});

const question = [{ role: 'user', content: 'What does the gateway do?' }];

test('messages.create answers a Message', TEST_TIMEOUT, async () => {
  const { data: message, response } = await client.messages
    .create({ model: MODEL, max_tokens: 128, system: 'Be brief.', messages: question })
    .withResponse();
  assert.equal(response.status, 200);
  assert.match(response.headers.get('x-request-id'), /^[0-9a-f]{32}$/);
  assert.equal(message.id, `msg_${response.headers.get('x-request-id')}`);
  assert.equal(message.type, 'message');
  assert.equal(message.role, 'assistant');
  assert.equal(message.model, MODEL);
  assert.equal(message.content.length, 1);
  assert.equal(message.content[0].type, 'text');
  assert.ok(message.content[0].text.length > 0);
  assert.equal(message.stop_reason, 'end_turn');
  assert.equal(message.stop_sequence, null);
  assert.ok(message.usage.input_tokens > 0, 'input tokens counted');
  assert.ok(message.usage.output_tokens > 0, 'output tokens counted');
  assert.equal(message.usage.cache_read_input_tokens, 0);
  assert.equal(message.usage.cache_creation_input_tokens, 0);
});

test('messages.stream streams the events and adds up to the final Message', TEST_TIMEOUT, async () => {
  const stream = client.messages.stream({ model: MODEL, max_tokens: 128, messages: question });
  const events = [];
  let text = '';
  stream.on('streamEvent', (event) => events.push(event.type));
  stream.on('text', (delta) => {
    text += delta;
  });
  const message = await stream.finalMessage();

  assert.equal(events[0], 'message_start');
  assert.equal(events[1], 'content_block_start');
  assert.ok(events.filter((e) => e === 'content_block_delta').length > 1, 'several deltas');
  assert.deepEqual(events.slice(-3), ['content_block_stop', 'message_delta', 'message_stop']);
  assert.equal(message.content.length, 1);
  assert.equal(message.content[0].type, 'text');
  assert.equal(message.content[0].text, text);
  assert.ok(text.length > 0);
  assert.equal(message.model, MODEL);
  assert.equal(message.stop_reason, 'end_turn');
  // The final usage arrives in message_delta, input tokens included.
  assert.ok(message.usage.input_tokens > 0, 'input tokens counted');
  assert.ok(message.usage.output_tokens > 0, 'output tokens counted');
});

test('messages.create with stream: true iterates the raw events', TEST_TIMEOUT, async () => {
  const stream = await client.messages.create({
    model: 'mock-smart',
    max_tokens: 64,
    messages: question,
    stream: true,
  });
  const types = new Set();
  let stop;
  for await (const event of stream) {
    types.add(event.type);
    if (event.type === 'message_delta') stop = event.delta.stop_reason;
  }
  assert.deepEqual(
    [...types].sort(),
    ['content_block_delta', 'content_block_start', 'content_block_stop', 'message_delta',
      'message_start', 'message_stop'],
  );
  assert.equal(stop, 'end_turn');
});

test('beta.messages.create (?beta=true and anthropic-beta, as Claude Code sends them)', TEST_TIMEOUT, async () => {
  const message = await client.beta.messages.create({
    model: MODEL,
    max_tokens: 64,
    messages: question,
    betas: ['interleaved-thinking-2025-05-14'],
  });
  assert.equal(message.type, 'message');
  assert.equal(message.content[0].type, 'text');
});

test('messages.countTokens counts the prompt and the tools without a backend', TEST_TIMEOUT, async () => {
  const plain = await client.messages.countTokens({ model: MODEL, messages: question });
  assert.deepEqual(Object.keys(plain), ['input_tokens']);
  assert.ok(plain.input_tokens > 0);
  const withTools = await client.messages.countTokens({
    model: MODEL,
    system: 'Be brief.',
    messages: question,
    tools: [{
      name: 'get_weather',
      description: 'The current weather in a city',
      input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    }],
  });
  assert.ok(withTools.input_tokens > plain.input_tokens, 'the tools count too');
});

test('errors come as the SDK\'s typed errors, in Anthropic\'s shape', TEST_TIMEOUT, async () => {
  await assert.rejects(
    client.messages.create({ model: 'no-such-model', max_tokens: 16, messages: question }),
    (err) => {
      assert.ok(err instanceof Anthropic.NotFoundError, `got ${err?.constructor?.name}`);
      assert.equal(err.status, 404);
      assert.equal(err.error.type, 'error');
      assert.equal(err.error.error.type, 'not_found_error');
      assert.match(err.message, /no-such-model/);
      return true;
    },
  );
  await assert.rejects(
    client.messages.create({ model: MODEL, messages: question }), // no max_tokens
    (err) => {
      assert.ok(err instanceof Anthropic.BadRequestError, `got ${err?.constructor?.name}`);
      assert.equal(err.status, 400);
      assert.equal(err.error.error.type, 'invalid_request_error');
      assert.match(err.message, /max_tokens: Field required/);
      return true;
    },
  );
  // A stream that cannot start fails as a whole, with the same typed error.
  await assert.rejects(
    client.messages.stream({ model: 'no-such-model', max_tokens: 16, messages: question })
      .finalMessage(),
    (err) => err instanceof Anthropic.NotFoundError,
  );
});
