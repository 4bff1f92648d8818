import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { requireSql } from '../../../../src/deps';
import { listEvents } from '../../../../src/event-reads/read-event-log';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => sendData(event, await listEvents(requireSql(useApiRuntime()), readQuery(event))));
