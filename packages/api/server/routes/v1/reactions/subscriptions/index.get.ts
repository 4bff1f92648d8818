import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../../src/deps';
import { readReactionSubscriptions } from '../../../../../src/reactions/read-reactions';
import { readQuery } from '../../../../../src/request/query';
import { useApiRuntime } from '../../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readReactionSubscriptions(requireSql(runtime), readQuery(event), getDefaults(runtime).tenantId));
});
