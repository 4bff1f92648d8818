import { defineEventHandler } from 'h3';
import { getDatabaseHealth } from '../../../../../src/health-db';
import { useFlexRuntime } from '../../../../../src/runtime';

/** Spec §7: database probe, always 200. */
export default defineEventHandler(() => getDatabaseHealth(useFlexRuntime()));
