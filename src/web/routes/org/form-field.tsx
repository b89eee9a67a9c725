import { Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { OptionalLabel } from '../../components/optional-label.js';
import type { FormFieldDef, RegistryContext } from './registry-types.js';

interface FormFieldProps {
  field: FormFieldDef;
  value: string | null;
  error: string | undefined;
  ctx: RegistryContext;
  onChange: (value: string | null) => void;
  autoFocus?: boolean;
}

/** One labelled input of a registry form, text or select. */
export function FormField({ field, value, error, ctx, onChange, autoFocus }: FormFieldProps) {
  const { t } = useTranslation();
  const common = {
    label: field.required ? t(field.label) : <OptionalLabel>{t(field.label)}</OptionalLabel>,
    description: field.description ? t(field.description) : undefined,
    required: field.required,
    error,
    autoFocus,
  };
  if (field.kind === 'select') {
    const data = field.options?.(ctx) ?? [];
    // the saved value may be an entry deactivated since: show it rather than a blank select
    if (value && !data.some((o) => o.value === value)) data.push({ value, label: value });
    return (
      <Select
        {...common}
        data={data}
        value={value}
        onChange={onChange}
        searchable={field.searchable}
        filter={field.filter}
        clearable={field.nullable}
        allowDeselect={!!field.nullable}
        nothingFoundMessage={t('common.nothingFound')}
        placeholder={field.searchable ? t('common.searchToSelect') : t('common.select')}
        comboboxProps={{ withinPortal: true }}
        clearButtonProps={{ 'aria-label': t('common.clear') }}
      />
    );
  }
  return (
    <TextInput
      {...common}
      value={value ?? ''}
      onChange={(e) => onChange(e.currentTarget.value)}
      maxLength={field.maxLength}
      lang={field.lang}
      autoComplete="off"
    />
  );
}
