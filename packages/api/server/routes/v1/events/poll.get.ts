import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { pollEvents } from '../../../../src/streams/long-poll';
import { useApiTransport } from '../../../../src/transport';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  const gone = new AbortController();
  event.node.res.once('close', () => gone.abort());
  return sendData(event, await pollEvents(runtime, useApiTransport(runtime), readQuery(event), gone.signal));
});
