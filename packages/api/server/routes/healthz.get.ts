import { defineEventHandler } from 'h3';
import { sendRawJson } from '@cafe/http';
import { getApiHealth } from '../../src/health';
import { useApiRuntime } from '../../src/runtime';

export default defineEventHandler(async (event) => sendRawJson(event, await getApiHealth(useApiRuntime())));
