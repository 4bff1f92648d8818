import { defineEventHandler, setResponseHeader } from 'h3';
import { sendRawJson } from '@cafe/http';
import { buildConsoleConfig } from '../../../src/console-config';
import { useRealtimeRuntime } from '../../../src/runtime';

/** The operator console's deployment settings (API address, defaults); public, holds no secret. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store');
  return sendRawJson(event, buildConsoleConfig(useRealtimeRuntime().env));
});
