import { defineNitroErrorHandler } from 'nitropack/runtime';
import { renderFlexError } from '../src/http/render-error';
import { useFlexRuntime } from '../src/runtime';

export default defineNitroErrorHandler((error, event) => renderFlexError(error, event, useFlexRuntime().logger));
