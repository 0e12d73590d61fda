// Slow readers against `switchboard serve` (bench/slow-readers.sh): an OpenAI-compatible
// upstream that streams BYTES of SSE per request as fast as the gateway takes them, and CLIENTS
// clients that each read one stream at RATE bytes/s. Prints one JSON line: the streams that
// arrived intact (every byte, ending with "data: [DONE]") and the time they took.
//
//   node slow-readers.mjs upstream PORT_FILE          (serves until killed)
//   node slow-readers.mjs clients GATEWAY_PORT        (env CLIENTS, RATE)
import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';

const [mode, arg] = process.argv.slice(2);
const BYTES = Number(process.env.BYTES ?? 10 * 1024 * 1024);
const CLIENTS = Number(process.env.CLIENTS ?? 100);
const RATE = Number(process.env.RATE ?? 10 * 1024);

if (mode === 'upstream') {
  const content = 'x'.repeat(900);
  const event = `data: {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"${content}"},"finish_reason":null}]}\n\n`;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let sent = 0;
      const pump = () => {
        while (sent < BYTES) {
          sent += event.length;
          if (!res.write(event)) return res.once('drain', pump); // the gateway paused reading
        }
        res.end('data: {"id":"c","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":1,"completion_tokens":' +
                Math.ceil(BYTES / event.length) + ',"total_tokens":' + (1 + Math.ceil(BYTES / event.length)) + '}}\n\ndata: [DONE]\n\n');
      };
      pump();
    });
  });
  server.listen(0, '127.0.0.1', () => fs.writeFileSync(arg, String(server.address().port)));
} else {
  const port = Number(arg);
  const body = JSON.stringify({ model: 'big', stream: true, messages: [{ role: 'user', content: 'x' }] });
  const request = `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`;
  const started = Date.now();
  const one = () => new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(request));
    const t0 = Date.now();
    let received = 0;
    let tail = '';
    socket.on('data', (chunk) => {
      received += chunk.length;
      tail = (tail + chunk.toString('latin1')).slice(-64);
      // Pace: never ahead of RATE bytes/s since the start.
      const ahead = received / RATE * 1000 - (Date.now() - t0);
      if (ahead > 0) {
        socket.pause();
        setTimeout(() => socket.resume(), ahead);
      }
    });
    const done = () => resolve({ received, intact: tail.includes('data: [DONE]\n\n') && tail.endsWith('0\r\n\r\n'), ms: Date.now() - t0 });
    socket.on('close', done);
    socket.on('error', () => {});
  });
  const results = await Promise.all(Array.from({ length: CLIENTS }, one));
  console.log(JSON.stringify({
    clients: CLIENTS, bytesPerStream: BYTES, rate: RATE,
    intact: results.filter((r) => r.intact).length,
    minReceived: Math.min(...results.map((r) => r.received)),
    seconds: (Date.now() - started) / 1000,
  }));
}
