import { z } from 'zod';
import { freeObject, reactionRef } from './fields';

/** `conversation_message_posted` (docs/api.md#commands); reaction-made messages add a top-level `reaction`. */
export const conversationMessagePostedPayload = z
  .strictObject({
    conversation: z.strictObject({
      messageId: z.string().min(1),
      threadId: z.string().min(1),
      parentMessageId: z.string().nullable(),
      replyToMessageId: z.string().nullable(),
      mentions: z.array(z.string()),
      contextWindow: z.strictObject({ id: z.string().nullable(), maxItems: z.number() }),
      text: z.string(),
      metadata: freeObject(),
    }),
    bubble: z.strictObject({ text: z.string(), ttlMs: z.number() }),
    reaction: reactionRef().optional(),
  })
  .describe('A message was posted (say, conversation message, or a reaction).');

/** `mention_created`: one per mention of a message; caused by the message event. */
export const mentionCreatedPayload = z
  .strictObject({ mentionedActorId: z.string().min(1), sourceMessageId: z.string().min(1), threadId: z.string().min(1) })
  .describe('A message mentioned an actor; feeds that actor’s inbox.');

/**
 * `bubble_posted`: a legacy speech type the runtime never produces, still folded by the room
 * projection. Only the text fields projections read are named; the rest is left open.
 */
export const bubblePostedPayload = z
  .looseObject({ text: z.string().optional(), bubble: z.looseObject({ text: z.string().optional() }).optional() })
  .describe('Legacy speech bubble: never produced by this runtime, still understood by projections.');

export const conversationEventPayloads = {
  conversation_message_posted: conversationMessagePostedPayload,
  mention_created: mentionCreatedPayload,
  bubble_posted: bubblePostedPayload,
} as const;
