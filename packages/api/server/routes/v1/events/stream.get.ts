// `/v1/events/stream` is an alias of `/v1/streams/market-events`: one handler serves both.
export { default } from '../streams/market-events.get';
