// Gateway processes for the end-to-end suites that start their own: `switchboard serve
// --listen 127.0.0.1:0` on a fresh data dir, its address read from its stdout (as run-e2e.sh
// reads it), stopped with SIGTERM. Shared by browser.test.mjs and provider-backends.test.mjs;
// lib.sh copies it beside them.
//
// Nothing here sleeps for a fixed time: a start waits for the "listening" line, a stop for the
// exit, waitFor for a condition, each with a deadline.

import { execFile, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

// Generous for a loaded 2-core machine: a start or a stop takes well under a second.
export const STEP_MS = 20_000;

export async function waitFor(what, condition, timeoutMs = STEP_MS) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const started = [];
process.on('exit', () => {
  // A test that failed half-way must not leave a gateway behind.
  for (const gateway of started)
    if (gateway.child.exitCode === null && gateway.child.signalCode === null)
      gateway.child.kill('SIGTERM');
});

// Starts `bin serve` in workDir/name (data dir, config, stdout and stderr logs) and resolves
// once it listens, to { name, dir, dataDir, child, exited, root } where root is e.g.
// http://127.0.0.1:41234 (without /v1). Without a config it runs on the embedded defaults; env
// adds variables to its environment (for "env:NAME" secrets).
export async function startGateway({ bin, workDir, name, config, env }) {
  const dir = path.join(workDir, name);
  const dataDir = path.join(dir, 'data');
  await mkdir(dataDir, { recursive: true });
  const args = ['serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir];
  if (config) {
    const file = path.join(dir, 'config.json');
    await writeFile(file, JSON.stringify(config, null, 2));
    args.push('--config', file);
  }
  const child = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: env ? { ...process.env, ...env } : process.env,
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const gateway = { name, dir, dataDir, child, exited, root: '' };
  started.push(gateway);
  child.stderr.pipe(createWriteStream(path.join(dir, 'gateway.stderr')));
  child.stdout.pipe(createWriteStream(path.join(dir, 'gateway.stdout')));

  let seen = '';
  gateway.root = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`gateway ${name}: not listening after ${STEP_MS} ms; stdout: ${seen}`)), STEP_MS);
    const onData = (chunk) => {
      seen += chunk;
      const match = /^Switchboard gateway listening on (http:\/\/127\.0\.0\.1:[1-9][0-9]*)\/v1\s*$/m.exec(seen);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve(match[1]);
    };
    child.stdout.on('data', onData);
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`gateway ${name} exited (${code ?? signal}) before it listened; see ${dir}`));
    });
  });
  return gateway;
}

// SIGTERM, then the exit status: { code: 0, signal: null } when the gateway drained and wrote
// its log.
export async function stopGateway(gateway) {
  if (gateway.child.exitCode === null && gateway.child.signalCode === null) gateway.child.kill('SIGTERM');
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gateway ${gateway.name} did not exit within ${STEP_MS} ms of SIGTERM`)), STEP_MS);
  });
  try {
    return await Promise.race([gateway.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// The rows of a data dir's request log (`switchboard logs query --json`), newest first; extra
// arguments such as --bodies go to the command.
export async function queryLog(bin, dataDir, extra = []) {
  const { stdout } = await execFileAsync(
    bin, ['logs', 'query', '--json', '--limit', '1000', '--data-dir', dataDir, ...extra],
    { timeout: STEP_MS, maxBuffer: 16 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line.trim()).map((line) => JSON.parse(line));
}
