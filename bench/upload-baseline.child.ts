// Baseline for `npm run bench -- upload`: a bare Node HTTP server that streams each request body to a file
// (req.pipe(fs.createWriteStream)) and answers 204. The limit of this stack for receiving an upload.
// Env: UPLOAD_DIR. Prints `READY <port>`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

const dir = process.env.UPLOAD_DIR!;
fs.mkdirSync(dir, { recursive: true });
let n = 0;
const server = http.createServer((req, res) => {
  const out = fs.createWriteStream(path.join(dir, `baseline-${process.pid}-${n++}`));
  req.pipe(out);
  out.on('finish', () => {
    res.writeHead(204);
    res.end();
  });
  out.on('error', () => {
    res.writeHead(500);
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => console.log(`READY ${(server.address() as AddressInfo).port}`));
