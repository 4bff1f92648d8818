import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getDefaults, requireSql } from '../../../../../src/deps';
import { readQuery } from '../../../../../src/request/query';
import { readPinHistory } from '../../../../../src/room-context/read-pins';
import { useApiRuntime } from '../../../../../src/runtime';

export default defineEventHandler(async (event) => {
  const runtime = useApiRuntime();
  return sendData(event, await readPinHistory(requireSql(runtime), readQuery(event), getDefaults(runtime)));
});
