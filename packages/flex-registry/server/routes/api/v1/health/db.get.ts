import { defineEventHandler } from 'h3';
import { getDatabaseHealth } from '../../../../../src/health-db';
import { useFlexRuntime } from '../../../../../src/runtime';

/** docs/flex-registry.md#health: database probe, always 200. */
export default defineEventHandler(() => getDatabaseHealth(useFlexRuntime()));
