import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../src/deps';
import { readLocalMemory } from '../../../../src/memory/read-local-memory';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readLocalMemory(requireSql(runtime), readQuery(event), getDefaults(runtime)));
});
