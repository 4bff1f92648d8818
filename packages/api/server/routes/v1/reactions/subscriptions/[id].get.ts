import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { requireSql } from '../../../../../src/deps';
import { readReactionSubscription } from '../../../../../src/reactions/read-reactions';
import { readPathParam } from '../../../../../src/request/path-param';
import { useApiRuntime } from '../../../../../src/runtime';

export default defineEventHandler(async (event) => sendData(event, await readReactionSubscription(requireSql(useApiRuntime()), readPathParam(event, 'id'))));
