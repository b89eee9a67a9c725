import { useForm, type UseFormReturnType } from '@mantine/form';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { focusFirstInvalid } from './focus-invalid.js';
import { serverFieldErrors, zodFieldErrors } from './form-errors.js';

/**
 * A form whose values are checked by the same zod schema the server validates the request with
 * (from `src/shared`), with messages translated from the issues' codes. One `useForm` instead of a
 * `useState` per field.
 *
 * ```tsx
 * const form = useSchemaForm(StartCampaign, { name: '', dueDate: '', reminderDays: 7 });
 * <form ref={form.ref} onSubmit={form.submit((values) => start.mutate(values, { onError: form.showServerError }))}>
 *   <TextInput label={t('reviews.name')} {...form.getInputProps('name')} />
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the form's values are any record the schema accepts
type Values = Record<string, any>;

export type SchemaForm<In extends Values, Out> = UseFormReturnType<In> & {
  /** Attach to the `<form>`: a refused submit moves focus to the first invalid field. */
  ref: React.RefObject<HTMLFormElement | null>;
  /** The `onSubmit` handler: validates, then calls `handler` with the parsed values (the schema's output). */
  submit: (handler: (values: Out) => void) => (event?: React.FormEvent<HTMLFormElement>) => void;
  /**
   * Puts a server's refusal on the fields it names (validation details, duplicate codes); returns
   * false when it names none, so the caller shows it as an alert.
   */
  showServerError: (error: unknown) => boolean;
};

export function useSchemaForm<In extends Values, Out>(schema: z.ZodType<Out, In>, initialValues: In): SchemaForm<In, Out> {
  const { t } = useTranslation();
  const ref = useRef<HTMLFormElement | null>(null);
  const form: UseFormReturnType<In> = useForm<In>({
    mode: 'controlled',
    initialValues,
    validate: (values) => {
      const r = schema.safeParse(values);
      return r.success ? {} : zodFieldErrors(r.error, t);
    },
  });
  const submit: SchemaForm<In, Out>['submit'] = (handler) =>
    form.onSubmit(
      (values) => handler(schema.parse(values)),
      () => focusFirstInvalid(ref.current),
    );
  const showServerError = (error: unknown): boolean => {
    const fields = serverFieldErrors(error, t, Object.keys(initialValues as object));
    if (!fields) return false;
    form.setErrors(fields);
    focusFirstInvalid(ref.current);
    return true;
  };
  return Object.assign(form, { ref, submit, showServerError });
}
