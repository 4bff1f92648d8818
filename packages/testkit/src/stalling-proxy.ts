import { connect, createServer, type Server, type Socket } from 'node:net';

export interface StallingProxy {
  /** `redis://127.0.0.1:<port>` (or whatever scheme the caller prefixes) points here. */
  port: number;
  /** Keeps every connection open but forwards nothing either way, as a black-holed peer does. */
  stall(): void;
  /** Forwards again (for new connections; a stalled one has lost its bytes). */
  resume(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a real server that can go silent without refusing or closing
 * anything: what a client sees when the network drops packets or the server hangs.
 */
export async function startStallingProxy(target: { host: string; port: number }): Promise<StallingProxy> {
  let stalled = false;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    client.on('data', (chunk) => {
      if (!stalled) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (!stalled) client.write(chunk);
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('stalling proxy has no port');
  return {
    port: address.port,
    stall: () => {
      stalled = true;
    },
    resume: () => {
      stalled = false;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
