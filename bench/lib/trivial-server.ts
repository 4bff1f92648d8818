import { createServer } from 'node:http';

// The node:http ceiling: a server that does nothing but answer. GET gets a small JSON body; a
// POST body is read completely first, as a real handler must. Prints its port on stdout.

const answer = Buffer.from('{"ok":true,"data":{"items":[]}}');
const server = createServer((request, response) => {
  const reply = () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': answer.length });
    response.end(answer);
  };
  if (request.method === 'GET') return reply();
  request.on('data', () => {});
  request.on('end', reply);
});
server.keepAliveTimeout = 30_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening ${typeof address === 'object' && address ? address.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
