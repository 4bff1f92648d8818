import { describe, expect, it } from 'vitest';
import { decidePayment, decideWebhookAnswer, type PaymentConfig, type PaymentRequest } from '../src/rooms/decide-payment';
import { decideRoomUpsert, decideSeedRoom } from '../src/rooms/decide-room';
import { parseRoomUpsert } from '../src/rooms/validate-room';
import { errorOf } from './helpers/error-of';

const defaults = { tenantId: 'default', priceUsd: 3.5 };
const now = new Date('2026-02-14T10:30:00.000Z');
const origin = { tenantId: 'default', roomId: 'r1', correlationId: 'corr-1', now };


describe('room upsert parsing (docs/api.md#rooms)', () => {
  it('applies defaults', () => {
    expect(parseRoomUpsert({ roomId: 'r1', actorId: 'ada' }, defaults)).toEqual({
      tenantId: 'default',
      roomId: 'r1',
      actorId: 'ada',
      roomType: 'lobby',
      ownerActorId: 'ada',
      displayName: null,
      metadata: {},
      paymentProof: null,
      paymentRef: null,
      paymentAmountUsd: 3.5,
    });
  });

  it('lower-cases roomType and rounds the amount to cents', () => {
    const input = parseRoomUpsert({ roomId: 'r1', actorId: 'ada', roomType: 'PRIVATE_TABLE', paymentAmountUsd: 4.567, ownerActorId: 'bob' }, defaults);
    expect(input).toMatchObject({ roomType: 'private_table', paymentAmountUsd: 4.57, ownerActorId: 'bob' });
  });

  it('names the missing field', () => {
    expect(errorOf(() => parseRoomUpsert({ actorId: 'ada' }, defaults)).details).toEqual({ field: 'roomId' });
    expect(errorOf(() => parseRoomUpsert({ roomId: 'r1', actorId: ' ' }, defaults)).details).toEqual({ field: 'actorId' });
  });

  it('rejects an unknown roomType with the allowed values', () => {
    const error = errorOf(() => parseRoomUpsert({ roomId: 'r1', actorId: 'a', roomType: 'vip' }, defaults));
    expect(error.code).toBe('ERR_INVALID_ENUM');
    expect(error.details).toEqual({ field: 'roomType', value: 'vip', allowed: ['lobby', 'private_table'] });
  });

  it('rejects negative or non-numeric amounts with ERR_OUT_OF_BOUNDS', () => {
    for (const value of [-1, 'abc', true]) {
      const error = errorOf(() => parseRoomUpsert({ roomId: 'r1', actorId: 'a', paymentAmountUsd: value }, defaults));
      expect(error.code).toBe('ERR_OUT_OF_BOUNDS');
      expect(error.details).toEqual({ field: 'paymentAmountUsd', min: 0, value });
    }
  });

  it('rejects non-object metadata', () => {
    expect(errorOf(() => parseRoomUpsert({ roomId: 'r1', actorId: 'a', metadata: 'x' }, defaults)).code).toBe('ERR_VALIDATION');
  });
});

describe('room decisions', () => {
  it('creates with room_created by the requester and null payment fields for lobbies', () => {
    const input = parseRoomUpsert({ roomId: 'r1', actorId: 'ada', displayName: 'Corner' }, defaults);
    const decision = decideRoomUpsert(origin, input, null, null);
    expect(decision.created).toBe(true);
    expect(decision.event).toMatchObject({ type: 'room_created', actorId: 'ada', correlationId: 'corr-1' });
    expect(decision.event.payload).toEqual({
      roomId: 'r1',
      roomType: 'lobby',
      displayName: 'Corner',
      ownerActorId: 'ada',
      metadata: {},
      paymentProvider: null,
      paymentRef: null,
      paymentAmountUsd: null,
    });
  });

  it('replaces an existing room with room_updated and keeps createdAt', () => {
    const first = decideRoomUpsert(origin, parseRoomUpsert({ roomId: 'r1', actorId: 'ada' }, defaults), null, null).room;
    const later = { ...origin, now: new Date('2026-02-15T00:00:00.000Z') };
    const input = parseRoomUpsert({ roomId: 'r1', actorId: 'bob', roomType: 'private_table' }, defaults);
    const decision = decideRoomUpsert(later, input, first, { verified: true, provider: 'stub', ref: 'coffee_paid', amountUsd: 3.5 });
    expect(decision.created).toBe(false);
    expect(decision.room).toMatchObject({ createdAt: first.createdAt, updatedAt: '2026-02-15T00:00:00.000Z', ownerActorId: 'bob' });
    expect(decision.event.type).toBe('room_updated');
    expect(decision.event.payload).toMatchObject({ paymentProvider: 'stub', paymentRef: 'coffee_paid', paymentAmountUsd: 3.5 });
  });

  it('seeds the default lobby as system', () => {
    const { room, event } = decideSeedRoom({ ...origin, roomId: 'main' });
    expect(room).toMatchObject({ roomType: 'lobby', displayName: 'Main Cafe Lobby', ownerActorId: null, metadata: { seeded: true, seededBy: 'system' } });
    expect(event).toMatchObject({ type: 'room_created', actorId: 'system', roomId: 'main' });
    expect(event.payload).toEqual({
      roomId: 'main',
      roomType: 'lobby',
      ownerActorId: null,
      displayName: 'Main Cafe Lobby',
      metadata: { seeded: true, seededBy: 'system' },
      seeded: true,
    });
  });
});

describe('payment gate (docs/policies.md#private-rooms-and-payment)', () => {
  const config: PaymentConfig = { mode: 'stub', stubProof: 'coffee_paid', webhookUrl: undefined, webhookTimeoutMs: 4000 };
  const request: PaymentRequest = { tenantId: 't', roomId: 'r', ownerActorId: 'o', paymentProof: null, paymentRef: null, amountUsd: 3.5 };

  it('stub: verifies the configured proof, with the proof as ref when none given', () => {
    expect(decidePayment(config, { ...request, paymentProof: 'coffee_paid' })).toEqual({
      kind: 'verified',
      payment: { verified: true, provider: 'stub', ref: 'coffee_paid', amountUsd: 3.5 },
    });
    const withRef = decidePayment(config, { ...request, paymentProof: 'coffee_paid', paymentRef: 'r-1' });
    expect(withRef.kind === 'verified' && withRef.payment.ref).toBe('r-1');
  });

  it('stub: refuses a wrong proof without revealing it', () => {
    const decision = decidePayment(config, { ...request, paymentProof: 'tea' });
    expect(decision.kind).toBe('refused');
    if (decision.kind !== 'refused') return;
    expect(decision.error.code).toBe('ERR_PAYMENT_REQUIRED');
    expect(decision.error.message).toBe('Payment required to create a private table');
    expect(JSON.stringify(decision.error.details)).not.toContain('coffee_paid');
    expect(decision.error.details).toMatchObject({ tenantId: 't', roomId: 'r', ownerActorId: 'o', mode: 'stub', amountUsd: 3.5 });
  });

  it('off verifies; webhook without URL and unknown modes refuse', () => {
    expect(decidePayment({ ...config, mode: 'off' }, { ...request, paymentRef: 'p' })).toEqual({
      kind: 'verified',
      payment: { verified: true, provider: 'off', ref: 'p', amountUsd: 3.5 },
    });
    const noUrl = decidePayment({ ...config, mode: 'webhook' }, request);
    expect(noUrl.kind === 'refused' && noUrl.error.message).toBe('Payment verification is not configured');
    expect(decidePayment({ ...config, mode: 'webhook', webhookUrl: 'http://pay.test/' }, request)).toEqual({ kind: 'ask_webhook', url: 'http://pay.test/' });
    const unknown = decidePayment({ ...config, mode: 'barter' }, request);
    expect(unknown.kind === 'refused' && unknown.error.details).toEqual({ mode: 'barter' });
  });

  it('webhook answers: 2xx and paid (or ok) verify; anything else refuses', () => {
    expect(decideWebhookAnswer(request, 200, { paid: true, provider: 'acme', paymentRef: 'x' })).toEqual({
      kind: 'verified',
      payment: { verified: true, provider: 'acme', ref: 'x', amountUsd: 3.5 },
    });
    expect(decideWebhookAnswer({ ...request, paymentRef: 'mine' }, 201, { ok: true }).kind === 'verified').toBe(true);
    expect(decideWebhookAnswer(request, 200, { paid: false, ok: true }).kind).toBe('refused');
    const refused = decideWebhookAnswer(request, 500, { paid: true, message: 'down' });
    expect(refused.kind === 'refused' && refused.error.details).toEqual({ mode: 'webhook', status: 500, providerMessage: 'down' });
  });
});
