import { defineEventHandler } from 'h3';
import { sendData } from '@cafe/http';
import { getBootstrapContext, readBootstrap } from '../../../src/bootstrap/read-bootstrap';
import { readQuery } from '../../../src/request/query';
import { useApiRuntime } from '../../../src/runtime';

export default defineEventHandler(async (event) => sendData(event, await readBootstrap(getBootstrapContext(useApiRuntime()), readQuery(event))));
