import { defineEventHandler, getQuery } from 'h3';
import { parseCapabilityQuery } from '@cafe/shared';
import { invalidQueryError } from '../../../../../../src/http/flex-errors';
import { listCapabilities } from '../../../../../../src/registry/list-capabilities';
import { useRegistry } from '../../../../../../src/registry-access';

/** Lists capabilities by status (`active` by default) and the `findActive` criteria. */
export default defineEventHandler(async (event) => {
  const query = parseCapabilityQuery(getQuery(event));
  if (!query.success) throw invalidQueryError(query.issues);
  const capabilities = await listCapabilities(await useRegistry(), query.data);
  return { ok: true, capabilities, count: capabilities.length };
});
