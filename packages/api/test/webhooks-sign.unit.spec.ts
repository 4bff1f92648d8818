import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildSignedRequest, generateWebhookSecret, maskSecret, signAgentcafe, signStandard, standardSigningKey } from '../src/webhooks/sign-webhook';

describe('Standard Webhooks signature', () => {
  it('matches the example of the Standard Webhooks specification', () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    expect(signStandard(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}')).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('keys with the base64-decoded part after whsec_, or the UTF-8 bytes of any other secret', () => {
    expect(standardSigningKey('whsec_AAEC')).toEqual(Buffer.from([0, 1, 2]));
    expect(standardSigningKey('plain-secret')).toEqual(Buffer.from('plain-secret', 'utf8'));
    const expected = createHmac('sha256', 'plain-secret').update('id.5.body').digest('base64');
    expect(signStandard('plain-secret', 'id', 5, 'body')).toBe(`v1,${expected}`);
  });

  it('changes with any of id, timestamp or body', () => {
    const base = signStandard('whsec_AAEC', 'a', 1, 'x');
    expect(signStandard('whsec_AAEC', 'b', 1, 'x')).not.toBe(base);
    expect(signStandard('whsec_AAEC', 'a', 2, 'x')).not.toBe(base);
    expect(signStandard('whsec_AAEC', 'a', 1, 'y')).not.toBe(base);
  });
});

describe('x-agentcafe-signature', () => {
  it('is the lower-case hex HMAC of the body keyed with the secret string, whatever its form', () => {
    expect(signAgentcafe('key', 'The quick brown fox jumps over the lazy dog')).toBe('f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8');
    expect(signAgentcafe('whsec_AAEC', 'b')).toBe(createHmac('sha256', 'whsec_AAEC').update('b').digest('hex'));
  });
});

describe('signed request', () => {
  const event = { eventId: '6f1c0000-0000-4000-8000-000000000001', type: 'conversation_message_posted', payload: { text: 'é' } };
  const signed = buildSignedRequest({ secret: 'whsec_AAEC', webhookId: 'w-1', subscriptionId: 's-1', source: 'live', event, now: new Date('2026-01-01T00:00:07.900Z') });

  it('serialises {"event": …} once and signs exactly those bytes twice', () => {
    expect(signed.body).toBe(JSON.stringify({ event }));
    expect(signed.headers['x-agentcafe-signature']).toBe(signAgentcafe('whsec_AAEC', signed.body));
    expect(signed.headers['webhook-signature']).toBe(signStandard('whsec_AAEC', 'w-1', 1767225607, signed.body));
  });

  it('carries the contract headers and the Standard Webhooks ones (seconds timestamp)', () => {
    expect(signed.headers).toMatchObject({
      'content-type': 'application/json',
      'x-agentcafe-event-id': event.eventId,
      'x-agentcafe-event-type': 'conversation_message_posted',
      'x-agentcafe-subscription-id': 's-1',
      'x-agentcafe-delivery-source': 'live',
      'webhook-id': 'w-1',
      'webhook-timestamp': '1767225607',
    });
  });
});

describe('secrets', () => {
  it('are generated in the whsec_ form with 24 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(standardSigningKey(secret)).toHaveLength(24);
    expect(generateWebhookSecret()).not.toBe(secret);
  });

  it('are masked after create: only the prefix and, for long ones, the last four characters', () => {
    expect(maskSecret('whsec_abcdefghijklmnopqrstuvwxyz12')).toBe('whsec_…yz12');
    expect(maskSecret('0b9c6f1e-1111-4000-8000-00000000abcd')).toBe('…abcd');
    expect(maskSecret('short')).toBe('…');
  });
});
