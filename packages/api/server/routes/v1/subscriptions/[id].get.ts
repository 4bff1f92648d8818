import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { readPathParam } from '../../../../src/request/path-param';
import { useApiRuntime } from '../../../../src/runtime';
import { readWebhookSubscription } from '../../../../src/webhooks/read-webhooks';

export default defineEventHandler(async (event) => sendData(event, await readWebhookSubscription(requireSql(useApiRuntime()), readPathParam(event, 'id'))));
