import { defineEventHandler } from 'h3';
import { sendRawJson } from '@cafe/http';
import { getRealtimeHealth } from '../../src/health';
import { useRealtimeRuntime } from '../../src/runtime';

export default defineEventHandler(async (event) => sendRawJson(event, await getRealtimeHealth(useRealtimeRuntime())));
