import { CafeError } from '@cafe/shared';
import { decidePayment, decideWebhookAnswer, type PaymentConfig, type PaymentRequest, type VerifiedPayment } from './decide-payment';

/** Asks the payment webhook (docs/policies.md#private-rooms-and-payment); transport errors and timeouts refuse with 402. */
async function askWebhook(url: string, config: PaymentConfig, request: PaymentRequest, requestId: string) {
  let response: Response;
  let body: unknown = null;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId },
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

/** Verifies a private-table payment or throws 402 ERR_PAYMENT_REQUIRED. */
export async function verifyPayment(config: PaymentConfig, request: PaymentRequest, requestId: string): Promise<VerifiedPayment> {
  let decision = decidePayment(config, request);
  if (decision.kind === 'ask_webhook') decision = await askWebhook(decision.url, config, request, requestId);
  if (decision.kind === 'refused') throw decision.error;
  if (decision.kind !== 'verified') throw new Error('payment webhook gave no decision');
  return decision.payment;
}
