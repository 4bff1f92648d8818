import { CafeError } from '@cafe/shared';

/** What the payment gate verifies (docs/policies.md#private-rooms-and-payment). */
export interface PaymentRequest {
  tenantId: string;
  roomId: string;
  ownerActorId: string;
  paymentProof: string | null;
  paymentRef: string | null;
  amountUsd: number;
}

export interface PaymentConfig {
  mode: string;
  stubProof: string;
  webhookUrl: string | undefined;
  webhookTimeoutMs: number;
}

/** A verified payment as reported in responses and events. */
export interface VerifiedPayment {
  verified: true;
  provider: string;
  ref: string | null;
  amountUsd: number;
}

export type PaymentDecision =
  | { kind: 'verified'; payment: VerifiedPayment }
  | { kind: 'refused'; error: CafeError }
  | { kind: 'ask_webhook'; url: string };

/**
 * The local part of the payment gate: `off` always verifies, `stub` compares the proof (never
 * revealing it), `webhook` needs a configured URL and is then asked by the caller; any other
 * mode refuses. Pure.
 */
export function decidePayment(config: PaymentConfig, request: PaymentRequest): PaymentDecision {
  const mode = config.mode.trim().toLowerCase();
  switch (mode) {
    case 'off':
      return { kind: 'verified', payment: { verified: true, provider: 'off', ref: request.paymentRef, amountUsd: request.amountUsd } };
    case 'stub':
      if (request.paymentProof !== null && request.paymentProof === config.stubProof) {
        return {
          kind: 'verified',
          payment: { verified: true, provider: 'stub', ref: request.paymentRef ?? request.paymentProof, amountUsd: request.amountUsd },
        };
      }
      return {
        kind: 'refused',
        error: new CafeError('ERR_PAYMENT_REQUIRED', 'Payment required to create a private table', {
          tenantId: request.tenantId,
          roomId: request.roomId,
          ownerActorId: request.ownerActorId,
          expectedProofHint: 'paymentProof must equal the configured PRIVATE_TABLE_PAYMENT_STUB_PROOF',
          mode,
          amountUsd: request.amountUsd,
        }),
      };
    case 'webhook':
      if (!config.webhookUrl) {
        return {
          kind: 'refused',
          error: new CafeError('ERR_PAYMENT_REQUIRED', 'Payment verification is not configured', {
            mode,
            reason: 'PRIVATE_TABLE_PAYMENT_WEBHOOK_URL is not set',
          }),
        };
      }
      return { kind: 'ask_webhook', url: config.webhookUrl };
    default:
      return { kind: 'refused', error: new CafeError('ERR_PAYMENT_REQUIRED', 'Unknown payment gate mode', { mode }) };
  }
}

/**
 * Reads a payment webhook's answer: success needs a 2xx status and a truthy `paid` (or, when
 * `paid` is absent, `ok`). Pure, so the rule is tested without a server.
 */
export function decideWebhookAnswer(request: PaymentRequest, status: number, body: unknown): PaymentDecision {
  const answer = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const paid = 'paid' in answer ? Boolean(answer.paid) : Boolean(answer.ok);
  if (status >= 200 && status < 300 && paid) {
    const provider = typeof answer.provider === 'string' && answer.provider.trim() ? answer.provider : 'webhook';
    const ref = typeof answer.paymentRef === 'string' && answer.paymentRef.trim() ? answer.paymentRef : request.paymentRef;
    return { kind: 'verified', payment: { verified: true, provider, ref, amountUsd: request.amountUsd } };
  }
  const message = answer.message ?? answer.error ?? null;
  return {
    kind: 'refused',
    error: new CafeError('ERR_PAYMENT_REQUIRED', 'Payment verification failed', {
      mode: 'webhook',
      status,
      providerMessage: typeof message === 'string' ? message : null,
    }),
  };
}
