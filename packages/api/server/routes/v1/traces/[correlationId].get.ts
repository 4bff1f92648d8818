import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readPathParam } from '../../../../src/request/path-param';
import { requireTrace } from '../../../../src/traces/read-trace';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => sendData(event, await requireTrace(requireSql(useApiRuntime()), readPathParam(event, 'correlationId'))));
