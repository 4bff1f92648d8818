import type { NewEvent } from '@cafe/shared';
import { createEvent, type EventOrigin } from '../events/new-event';
import type { PinnedContext } from './pinned-context';

/** `POST /v1/rooms/context/pin` (docs/api.md#pinned-room-context): the next version, active, and its event. */
export function decidePin(
  origin: EventOrigin,
  latestVersion: number,
  request: { actorId: string; content: string; metadata: Record<string, unknown> },
): { pin: PinnedContext; events: NewEvent[] } {
  const at = origin.now.toISOString();
  const pin: PinnedContext = {
    tenantId: origin.tenantId,
    roomId: origin.roomId,
    version: latestVersion + 1,
    content: request.content,
    metadata: request.metadata,
    pinnedBy: request.actorId,
    isActive: true,
    createdAt: at,
    updatedAt: at,
  };
  const event = createEvent(origin, {
    type: 'room_context_pinned',
    actorId: request.actorId,
    payload: { version: pin.version, content: pin.content, metadata: pin.metadata, pinnedBy: pin.pinnedBy },
  });
  return { pin, events: [event] };
}
