import { defineEventHandler } from 'h3';
import { CafeError } from '@cafe/shared';

// Any other method or sub-path under /v1/inbox (docs/http.md#unknown-routes).
export default defineEventHandler((event) => {
  throw new CafeError('ERR_UNSUPPORTED_ACTION', 'Inbox route not found', { method: event.method, path: event.path.split('?')[0] });
});
