import { defineNitroErrorHandler } from 'nitropack/runtime';
import { renderNitroError } from '@cafe/http';
import { useProjectorRuntime } from '../src/runtime';

export default defineNitroErrorHandler((error, event) => renderNitroError(error, event, useProjectorRuntime().logger));
