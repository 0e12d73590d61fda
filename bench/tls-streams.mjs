// Holds N streamed chat completions open at once over HTTPS (each on its own TLS connection),
// for bench/run.sh tls: the gateway's memory with thousands of TLS sessions.
//   node tls-streams.mjs URL CA_FILE N BODY_FILE
// Prints one line of JSON: {"answered":…,"errors":…,"done_events":…}.
import https from 'node:https';
import fs from 'node:fs';

const [url, caFile, count, bodyFile] = process.argv.slice(2);
const ca = fs.readFileSync(caFile);
const body = fs.readFileSync(bodyFile, 'utf8').trim().replace('"stream":false', '"stream":true');
let answered = 0, errors = 0, doneEvents = 0;

function one() {
  return new Promise((resolve) => {
    const request = https.request(url, {
      method: 'POST', ca, agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
    }, (response) => {
      let tail = '';
      response.on('data', (chunk) => { tail = (tail + chunk).slice(-64); });
      response.on('end', () => {
        if (response.statusCode === 200) answered++; else errors++;
        if (tail.includes('[DONE]')) doneEvents++;
        resolve();
      });
    });
    request.on('error', () => { errors++; resolve(); });
    request.end(body);
  });
}

await Promise.all(Array.from({ length: Number(count) }, one));
console.log(JSON.stringify({ answered, errors, done_events: doneEvents }));
