import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../src/deps';
import { readReplay } from '../../../src/replay/read-replay';
import { readQuery } from '../../../src/request/query';
import { useApiRuntime } from '../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readReplay(requireSql(runtime), readQuery(event), getDefaults(runtime), runtime.env));
});
