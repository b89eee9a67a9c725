import { Select } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { IncidentLinkKind } from '../../../shared/incidents.js';
import { risksApi } from '../../../shared/api/risks.js';
import { lawsApi } from '../../../shared/api/laws.js';
import { assetsApi } from '../../../shared/api/assets.js';
import { peopleApi, registriesApi } from '../../../shared/api/org.js';
import { call } from '../../api/client.js';
import { useLang } from '../../lib/use-lang.js';

type Option = { value: string; label: string };

/** Searches one kind of record for a picker, on the server, with what the reader may see. */
function useOptions(kind: IncidentLinkKind, q: string, lang: 'ja' | 'en') {
  return useQuery({
    queryKey: ['incidents', 'pick', kind, q],
    placeholderData: keepPreviousData,
    queryFn: async ({ signal }): Promise<Option[]> => {
      const query = q || undefined;
      if (kind === 'person') {
        const r = await call(peopleApi.list, { query: { q: query, pageSize: 20 } }, signal);
        return r.items.map((p) => ({ value: p.id, label: lang === 'ja' ? `${p.familyNameJa} ${p.givenNameJa}` : `${p.givenNameEn} ${p.familyNameEn}` }));
      }
      if (kind === 'asset') {
        const r = await call(assetsApi.list, { query: { q: query, pageSize: 20, sort: 'ref', dir: 'desc' } }, signal);
        return r.items.map((a) => ({ value: a.id, label: `${a.ref} ${a.name}` }));
      }
      if (kind === 'risk') {
        const r = await call(risksApi.list, { query: { q: query, pageSize: 20, sort: 'ref' } }, signal);
        return r.items.map((x) => ({ value: x.id, label: `${x.ref} ${x.title ?? (lang === 'ja' ? x.threat.nameJa : x.threat.nameEn)}` }));
      }
      if (kind === 'law') {
        const r = await call(lawsApi.list, { query: { q: query } }, signal);
        return r.items.slice(0, 50).map((l) => ({ value: l.id, label: lang === 'ja' ? (l.shortNameJa ?? l.titleJa) : (l.shortNameEn ?? l.titleEn) }));
      }
      if (kind === 'study') {
        const r = await call(registriesApi.studies.list, { query: { q: query, pageSize: 20 } }, signal);
        return r.items.map((s) => ({ value: s.id, label: `${s.code} ${lang === 'ja' ? s.titleJa : s.titleEn}` }));
      }
      const r = await call(registriesApi.institutions.list, { query: { q: query, pageSize: 20 } }, signal);
      return r.items.map((i) => ({ value: i.id, label: `${i.code} ${lang === 'ja' ? i.nameJa : i.nameEn}` }));
    },
  });
}

/** A searchable select of one kind of record (people for assignee and investigators; any link target). */
export function RecordPicker({ kind, label, value, onChange, error }: { kind: IncidentLinkKind; label: string; value: string | null; onChange: (id: string | null) => void; error?: string }) {
  const lang = useLang();
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<Option | null>(null);
  const options = useOptions(kind, search, lang).data ?? [];
  const data = picked && !options.some((o) => o.value === picked.value) ? [picked, ...options] : options;
  return (
    <Select
      label={label}
      data={data}
      value={value}
      onChange={(v) => {
        setPicked(data.find((o) => o.value === v) ?? null);
        onChange(v);
      }}
      searchable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      clearable
      error={error}
      nothingFoundMessage="—"
    />
  );
}
