import { notifications } from '@mantine/notifications';
import i18n from 'i18next';

/** Shows a toast whose close button has a translated name. */
export function notify(message: string, opts: { color?: string; title?: string; id?: string } = {}): void {
  notifications.show({
    color: opts.color ?? 'ok',
    message,
    title: opts.title,
    id: opts.id,
    closeButtonProps: { 'aria-label': i18n.t('common.close') },
  });
}
