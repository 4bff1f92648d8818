import { CafeApiError, createCafeClient } from '@cafe/client';

// The README tour with @cafe/client: `npx tsx packages/client/examples/tour.ts [API URL]`.
const cafe = createCafeClient({ baseUrl: process.argv[2] ?? 'http://localhost:3850' });
// Moderation wants 150 ms between two actions of the same agent.
const pause = () => new Promise((resolve) => setTimeout(resolve, 300));

console.log('health:', (await cafe.health()).status);

// Errors are thrown with the catalogue code.
try {
  await cafe.request('GET', '/v1/nope');
} catch (error) {
  if (!(error instanceof CafeApiError)) throw error;
  console.log('error:', error.status, error.code, error.message);
}

// alice enters, orders a coffee and says something to bob.
const entered = await cafe.commands.enter({ actorId: 'alice' });
console.log('alice entered at sequence', entered.sequence);
await pause();
await cafe.commands.order({ actorId: 'alice', itemId: 'cappuccino_flow' });
await pause();
const said = await cafe.commands.say({ actorId: 'alice', text: '@bob coffee?' }, { idempotencyKey: 'alice-say-1' });
// The same key again: the first answer comes back, nothing is said twice.
const again = await cafe.commands.say({ actorId: 'alice', text: '@bob coffee?' }, { idempotencyKey: 'alice-say-1' });
console.log('said', said.eventId, 'replayed the same event:', again.eventId === said.eventId);

// bob finds the mention in his inbox.
const inbox = await cafe.inbox.list({ actorId: 'bob', unreadOnly: true });
console.log('bob has', inbox.unreadCount, 'unread:', inbox.items.map((item) => item.topic).join(', '));

// Long poll: answers at once because messages after cursor 0 exist.
const page = await cafe.events.poll({ roomId: 'main', cursor: 0, types: ['conversation_message_posted'], timeoutMs: 5000 });
console.log('poll:', page.count, 'message(s), next cursor', page.nextCursor);

// The live stream from cursor 0; leaving the loop closes it. After a dropped connection the
// client reconnects with Last-Event-ID on its own.
for await (const event of cafe.events.stream({ roomId: 'main', cursor: 0 })) {
  console.log('stream:', event.sequence, event.type);
  if (event.sequence >= said.sequence) break;
}
