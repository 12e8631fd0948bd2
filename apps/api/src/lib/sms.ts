import type { FastifyBaseLogger } from "fastify";

/** Sends a text message. Providers plug in here; the default writes to the server log. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/** Embedded-mode sender: the code appears in the server log so sign-up works without a provider. */
export function logSmsSender(log: FastifyBaseLogger): SmsSender {
  return {
    async send(phone, text) {
      log.info({ sms: { to: phone, text } }, `SMS to ${phone}: ${text}`);
    },
  };
}

/** A sender that remembers messages, for tests and the CLI. */
export function memorySmsSender(): SmsSender & { sent: { phone: string; text: string }[] } {
  const sent: { phone: string; text: string }[] = [];
  return {
    sent,
    async send(phone, text) {
      sent.push({ phone, text });
    },
  };
}
