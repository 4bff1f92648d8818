import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { readInbox } from '../../../../src/inbox/read-inbox';
import { readQuery } from '../../../../src/request/query';
import { useApiRuntime } from '../../../../src/runtime';

export default defineEventHandler(async (event) => sendData(event, await readInbox(useApiRuntime(), readQuery(event))));
