/**
 * Reading the risk filters the list and the heat map keep in the URL: a value that is not one of
 * the choices a filter takes is left out (the server's default applies) rather than sent.
 */
export function oneOf<const V extends string>(values: readonly V[], v: string | null | undefined): V | undefined {
  return values.find((x) => x === v);
}

export const BOOLEAN_TEXT = ['true', 'false'] as const;
export const SORT_DIRS = ['asc', 'desc'] as const;
