import type { Redis } from 'ioredis';
import type { EventEnvelope } from '@cafe/shared';
import { parseStreamId } from './stream-entry';

/**
 * Appends events to the global stream atomically and idempotently. Runs inside Redis so that
 * the duplicate check (an id not above the stream's last generated id is already there) and
 * the `prev` link always agree with the stream's real content, even with two relays racing
 * during a leadership hand-over. `prev` of the first new entry is the larger of the stream's
 * last id and the caller's floor (its read position): nothing between them was in the log.
 * KEYS[1] stream; ARGV[1] maxlen; ARGV[2] floor; then sequence/JSON pairs, ascending.
 */
const PUBLISH_SCRIPT = `
local last = tonumber(ARGV[2])
local lastText = ARGV[2]
local info = redis.pcall('XINFO', 'STREAM', KEYS[1])
if type(info) == 'table' and info.err == nil then
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      local text = string.match(info[i + 1], '^(%d+)')
      local value = tonumber(text)
      if value > last then last = value; lastText = text end
    end
  end
end
local added = 0
for i = 3, #ARGV, 2 do
  local seq = tonumber(ARGV[i])
  if seq > last then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], ARGV[i] .. '-0', 'prev', lastText, 'event', ARGV[i + 1])
    last = seq
    lastText = ARGV[i]
    added = added + 1
  end
end
return {lastText, added}
`;

interface PublishingRedis extends Redis {
  cafeBusPublish(key: string, ...args: string[]): Promise<[string, number]>;
}

function withPublishCommand(redis: Redis): PublishingRedis {
  const candidate = redis as PublishingRedis;
  if (typeof candidate.cafeBusPublish !== 'function') {
    redis.defineCommand('cafeBusPublish', { numberOfKeys: 1, lua: PUBLISH_SCRIPT });
  }
  return candidate;
}

export interface PublishResult {
  /** The stream's last sequence after the call. */
  last: number;
  added: number;
}

/** Publishes ascending settled events to the stream; duplicates are skipped inside Redis. */
export async function publishEvents(
  redis: Redis,
  streamKey: string,
  maxLen: number,
  floor: number,
  events: EventEnvelope[],
): Promise<PublishResult> {
  const args = [String(maxLen), String(floor)];
  for (const event of events) args.push(String(event.sequence), JSON.stringify(event));
  const [last, added] = await withPublishCommand(redis).cafeBusPublish(streamKey, ...args);
  return { last: Number(last), added: Number(added) };
}

/** The stream's last generated sequence, or null when the stream does not exist. */
export async function readStreamTop(redis: Redis, streamKey: string): Promise<number | null> {
  try {
    const info = (await redis.xinfo('STREAM', streamKey)) as unknown[];
    for (let i = 0; i + 1 < info.length; i += 2) {
      if (info[i] === 'last-generated-id') return parseStreamId(String(info[i + 1]));
    }
    return null;
  } catch (error) {
    if (/no such key/i.test((error as Error).message)) return null;
    throw error;
  }
}
