import type { ComboboxItem, OptionsFilter } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import type { OrgOptions } from '../../api/org-options.js';
import type { RegistryDtos, RegistryName } from '../../api/registry.js';
import type { Column } from '../../components/data-table.js';
import type { DetailItem } from '../../components/detail-list.js';
import type { Language } from '../../i18n/index.js';

/** What column, detail and option builders may look at. */
export interface RegistryContext {
  t: TFunction;
  lang: Language;
  org: OrgOptions | undefined;
}

/** One input of a registry form. Text inputs hold strings; selects hold an id/enum value or null. */
export interface FormFieldDef {
  name: string;
  /** i18n key of the label. */
  label: string;
  kind: 'text' | 'select';
  required?: boolean;
  /** i18n key of a hint under the input. */
  description?: string;
  options?: (ctx: RegistryContext) => ComboboxItem[];
  filter?: OptionsFilter;
  searchable?: boolean;
  /** An empty select is sent as null (the field is nullable). */
  nullable?: boolean;
  maxLength?: number;
  /** The language typed into this input (helps screen readers and IMEs). */
  lang?: Language;
}

export type FormValues = Record<string, string | null>;

/** Everything the generic list, detail and form screens need to know about one registry. */
export interface RegistryConfig<N extends RegistryName = RegistryName> {
  name: N;
  /** Route path, e.g. `/institutions`. */
  path: string;
  /** i18n prefix: `<prefix>.title`, `.description`, `.singular`, `.plural`, `.searchPlaceholder`. */
  i18n: string;
  defaultSort: string;
  columns: (ctx: RegistryContext) => Column<RegistryDtos[N]>[];
  fields: FormFieldDef[];
  createSchema: z.ZodType;
  updateSchema: z.ZodType;
  /** How an entry is named in headings and messages. */
  displayName: (row: RegistryDtos[N], lang: Language) => string;
  details: (row: RegistryDtos[N], ctx: RegistryContext) => DetailItem[];
}
