import { defineEventHandler } from 'h3';
import { sendRawJson } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readEventsPage } from '../../../../src/event-reads/read-event-log';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendRawJson(event, await readEventsPage(requireSql(runtime), runtime.settledPages, readQuery(event)));
});
