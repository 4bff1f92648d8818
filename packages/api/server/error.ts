import { defineNitroErrorHandler } from 'nitropack/runtime';
import { renderNitroError } from '@cafe/http';
import { useApiRuntime } from '../src/runtime';

export default defineNitroErrorHandler((error, event) => renderNitroError(error, event, useApiRuntime().logger));
