import { defineEventHandler } from 'h3';
import { sendRawJson } from '@cafe/http';
import { getProjectorHealth } from '../../src/health';
import { useProjectorRuntime } from '../../src/runtime';

export default defineEventHandler(async (event) => sendRawJson(event, await getProjectorHealth(useProjectorRuntime())));
