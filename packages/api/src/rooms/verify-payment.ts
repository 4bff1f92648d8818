import { CafeError, type ApiEnv } from '@cafe/shared';
import { decidePayment, decideWebhookAnswer, type PaymentConfig, type PaymentRequest, type VerifiedPayment } from './decide-payment';

/** Asks the payment webhook (docs/policies.md#private-rooms-and-payment); transport errors and timeouts refuse with 402. */
async function askWebhook(url: string, config: PaymentConfig, request: PaymentRequest, call: PaymentCall) {
  let response: Response;
  let body: unknown = null;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': call.requestId, 'idempotency-key': call.idempotencyKey },
      body: JSON.stringify({
        tenantId: request.tenantId,
        roomId: request.roomId,
        ownerActorId: request.ownerActorId,
        paymentProof: request.paymentProof,
        paymentRef: request.paymentRef,
        amountUsd: request.amountUsd,
      }),
      signal: AbortSignal.timeout(config.webhookTimeoutMs),
    });
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
  } catch (error) {
    throw new CafeError('ERR_PAYMENT_REQUIRED', 'Payment verification failed', { mode: 'webhook', cause: (error as Error).message });
  }
  return decideWebhookAnswer(request, response.status, body);
}

/** How one request calls the provider: its request id, and the idempotency key that makes a retry safe. */
export interface PaymentCall {
  requestId: string;
  /** Sent as `Idempotency-Key`; the same for every retry of one request (keys.ts paymentIdempotencyKey). */
  idempotencyKey: string;
}

/** The payment gate's settings (docs/private-tables.md#payment). */
export function readPaymentConfig(env: ApiEnv): PaymentConfig {
  return {
    mode: env.PRIVATE_TABLE_PAYMENT_MODE,
    stubProof: env.PRIVATE_TABLE_PAYMENT_STUB_PROOF,
    webhookUrl: env.PRIVATE_TABLE_PAYMENT_WEBHOOK_URL,
    webhookTimeoutMs: env.PRIVATE_TABLE_PAYMENT_WEBHOOK_TIMEOUT_MS,
  };
}

/**
 * Verifies a private-table payment or throws 402 ERR_PAYMENT_REQUIRED. May wait for the
 * provider up to the webhook timeout: call it from a command's `prepare` step, never inside a
 * transaction.
 */
export async function verifyPayment(config: PaymentConfig, request: PaymentRequest, call: PaymentCall): Promise<VerifiedPayment> {
  let decision = decidePayment(config, request);
  if (decision.kind === 'ask_webhook') decision = await askWebhook(decision.url, config, request, call);
  if (decision.kind === 'refused') throw decision.error;
  if (decision.kind !== 'verified') throw new Error('payment webhook gave no decision');
  return decision.payment;
}

/** The payment fields of a room upsert or a session purchase (their names on the wire). */
export interface PaymentFields {
  tenantId: string;
  roomId: string;
  ownerActorId: string;
  paymentProof: string | null;
  paymentRef: string | null;
  paymentAmountUsd: number;
}

/** `verifyPayment` for a command's `prepare` step: the gate's settings, the request's call details. */
export function verifyCommandPayment(ctx: { env: ApiEnv; requestId: string; providerIdempotencyKey: string }, fields: PaymentFields): Promise<VerifiedPayment> {
  const { tenantId, roomId, ownerActorId, paymentProof, paymentRef, paymentAmountUsd } = fields;
  return verifyPayment(
    readPaymentConfig(ctx.env),
    { tenantId, roomId, ownerActorId, paymentProof, paymentRef, amountUsd: paymentAmountUsd },
    { requestId: ctx.requestId, idempotencyKey: ctx.providerIdempotencyKey },
  );
}
