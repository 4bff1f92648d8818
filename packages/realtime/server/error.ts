import { defineNitroErrorHandler } from 'nitropack/runtime';
import { renderNitroError } from '@cafe/http';
import { useRealtimeRuntime } from '../src/runtime';

export default defineNitroErrorHandler((error, event) => renderNitroError(error, event, useRealtimeRuntime().logger));
