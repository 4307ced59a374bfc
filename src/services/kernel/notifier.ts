import type { Clock } from '../../domain/clock.ts';
import type { Tx } from './context.ts';
import { newId } from './ids.ts';

/**
 * Outbound e-mail and SMS go through this interface. The default adapter only records what would
 * be sent (`outbound_message`), so nothing leaves a deployment until a real adapter is configured.
 * Templates are names, not text: the message body is rendered by the adapter, so the record holds
 * no personal content beyond the recipient address.
 */
export interface Notifier {
  send(tx: Tx, message: { channel: 'email' | 'sms'; recipient: string; template: string; referralId: string | null }): Promise<void>;
}

export function recordingNotifier(clock: Clock): Notifier {
  return {
    async send(tx, m) {
      await tx
        .insertInto('outbound_message')
        .values({
          id: newId(),
          channel: m.channel,
          recipient: m.recipient,
          template: m.template,
          referral_id: m.referralId,
          created_at: clock.now().toISOString(),
        })
        .execute();
    },
  };
}
