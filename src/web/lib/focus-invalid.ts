/**
 * After a failed save, moves focus (and the scroll position) to the first field marked invalid,
 * so the message is seen even when it is outside the visible part of a long form.
 */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  // wait for React to render the error state first
  requestAnimationFrame(() => {
    const el = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.focus({ preventScroll: true });
  });
}
