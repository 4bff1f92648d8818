import type { EventEnvelope } from '@cafe/shared';

/** The event types the score reads (docs/policies.md#collaboration-score). */
export const SCORED_EVENT_TYPES = [
  'conversation_message_posted',
  'task_assigned',
  'task_handoff',
  'task_completed',
  'shared_object_created',
  'shared_object_updated',
] as const;

/** The weights of the formula, in one place. */
const WEIGHTS = { taskCompleted: 30, coordinationAction: 10, objectEdit: 3, conversationTurn: 0.5, extraContributor: 4 } as const;
const CONVERSATION_TURNS_CAP = 40;
const GRADES = [
  [80, 'excellent'],
  [60, 'good'],
  [35, 'fair'],
] as const;

export interface CollaborationScore {
  score: number;
  grade: 'excellent' | 'good' | 'fair' | 'early';
  metrics: { tasksCompleted: number; coordinationActions: number; objectEdits: number; conversationTurns: number; contributors: number };
}

/**
 * A room's collaboration score over a set of events (docs/policies.md#collaboration-score): completed tasks weigh
 * most, then assignments, object edits and conversation (capped), plus every contributor
 * beyond the first. Deterministic; events of other types are ignored.
 */
export function scoreCollaboration(events: readonly Pick<EventEnvelope, 'type' | 'actorId'>[]): CollaborationScore {
  const metrics = { tasksCompleted: 0, coordinationActions: 0, objectEdits: 0, conversationTurns: 0, contributors: 0 };
  const contributors = new Set<string>();
  for (const event of events) {
    if (!(SCORED_EVENT_TYPES as readonly string[]).includes(event.type)) continue;
    if (event.actorId.trim() !== '') contributors.add(event.actorId);
    if (event.type === 'task_completed') metrics.tasksCompleted += 1;
    else if (event.type === 'task_assigned') metrics.coordinationActions += 1;
    else if (event.type === 'shared_object_created' || event.type === 'shared_object_updated') metrics.objectEdits += 1;
    else if (event.type === 'conversation_message_posted') metrics.conversationTurns += 1;
  }
  metrics.contributors = contributors.size;
  const raw =
    WEIGHTS.taskCompleted * metrics.tasksCompleted +
    WEIGHTS.coordinationAction * metrics.coordinationActions +
    WEIGHTS.objectEdit * metrics.objectEdits +
    WEIGHTS.conversationTurn * Math.min(CONVERSATION_TURNS_CAP, metrics.conversationTurns) +
    WEIGHTS.extraContributor * Math.max(0, metrics.contributors - 1);
  const score = Math.round(Math.min(100, raw) * 100) / 100;
  const grade = GRADES.find(([floor]) => score >= floor)?.[1] ?? 'early';
  return { score, grade, metrics };
}
