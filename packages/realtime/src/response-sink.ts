import type { ServerResponse } from 'node:http';
import type { SessionSink } from './client-session';

/** A session sink over a Node response: `writableLength` counts bytes the client has not taken. */
export function createResponseSink(res: ServerResponse): SessionSink {
  return {
    write: (chunk) => void res.write(chunk),
    get writableLength() {
      return res.writableLength;
    },
    waitForDrain(timeoutMs) {
      if (res.writableLength === 0) return Promise.resolve(true);
      if (res.destroyed || res.writableEnded) return Promise.resolve(false);
      return new Promise((resolve) => {
        const finish = (drained: boolean) => {
          clearTimeout(timer);
          res.off('drain', onDrain);
          res.off('close', onClose);
          resolve(drained);
        };
        const onDrain = () => finish(true);
        const onClose = () => finish(false);
        const timer = setTimeout(() => finish(false), timeoutMs);
        res.on('drain', onDrain);
        res.on('close', onClose);
      });
    },
    close(mode) {
      if (mode === 'destroy') res.destroy();
      else if (!res.writableEnded) res.end();
    },
  };
}
