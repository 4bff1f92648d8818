import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';
import { readDlq } from '../../../../src/webhooks/read-webhooks';

export default defineEventHandler(async (event) => sendData(event, await readDlq(requireSql(useApiRuntime()), readQuery(event))));
