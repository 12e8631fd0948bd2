import type { FastifyBaseLogger } from "fastify";
import { maskPhone } from "./personal-data";

/** Sends a text message. Providers plug in here; the default writes to the server log. */
export interface SmsSender {
  send(phone: string, text: string): Promise<void>;
}

/**
 * Embedded-mode sender: writes the message to the server log instead of sending it. The number
 * is masked (138****8000); the text, which carries the code, is written only when `showText`
 * (NODE_ENV=development), so sign-up works without a provider on a developer's machine and a
 * production log never holds a code.
 */
export function logSmsSender(log: FastifyBaseLogger, options: { showText: boolean }): SmsSender {
  return {
    async send(phone, text) {
      const to = maskPhone(phone);
      if (options.showText) log.info({ sms: { to, text } }, `SMS to ${to}: ${text}`);
      else log.info({ sms: { to, length: text.length } }, `SMS to ${to} (${text.length} characters; the text is logged only in development)`);
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
