import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertOctagon, IconDownload, IconShieldCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { notify } from '../../lib/notify.js';
import type { useExportCheckpoint, useVerifyAudit } from '../../api/audit.js';
import { ErrorAlert } from '../../components/error-alert.js';
import { formatTokyo } from '../../lib/format.js';
import type { VerifyResultDto } from '../../../shared/audit.js';

type Verify = ReturnType<typeof useVerifyAudit>;
type ExportCheckpoint = ReturnType<typeof useExportCheckpoint>;

/** "Verify chain" and "Export signed checkpoint". */
export function AuditVerifyButtons({ verify, exportCp }: { verify: Verify; exportCp: ExportCheckpoint }) {
  const { t } = useTranslation();
  return (
    <>
      <Button leftSection={<IconShieldCheck size={16} aria-hidden />} onClick={() => verify.mutate()} loading={verify.isPending}>
        {t('audit.verify')}
      </Button>
      <Button
        variant="default"
        leftSection={<IconDownload size={16} aria-hidden />}
        loading={exportCp.isPending}
        onClick={() =>
          exportCp.mutate(undefined, {
            onSuccess: ({ fileName }) => notify(t('audit.exported', { fileName })),
          })
        }
      >
        {t('audit.exportCheckpoint')}
      </Button>
    </>
  );
}

/** Which witnessed checkpoint the log was checked against, and whether it matched. */
function WitnessLine({ witness }: { witness: VerifyResultDto['witness'] }) {
  const { t } = useTranslation();
  if (!witness) return <Text size="sm">{t('audit.witnessNone')}</Text>;
  const at = witness.createdAt ? formatTokyo(witness.createdAt) : '';
  if (witness.problem) return <Text size="sm">{t('audit.witnessInvalid', { file: witness.file })}</Text>;
  return <Text size="sm">{t(witness.matches ? 'audit.witnessMatches' : 'audit.witnessMismatch', { seq: witness.seq ?? 0, at })}</Text>;
}

/** The verdict of the last verification (and any export failure), shown under the page header. */
export function AuditVerifyResult({ verify, exportCp }: { verify: Verify; exportCp: ExportCheckpoint }) {
  const { t } = useTranslation();
  const r = verify.data;
  return (
    <>
      {exportCp.error && <ErrorAlert error={exportCp.error} title={t('audit.exportFailed')} />}
      {verify.error && <ErrorAlert error={verify.error} title={t('audit.verifyFailed')} />}
      {r &&
        (r.ok ? (
          <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />} title={t('audit.verifyOkTitle')} role="status" data-testid="audit-verify-result">
            <Stack gap={4}>
              <Text size="sm">{t('audit.verifyOkBody', { count: r.checked, last: r.lastSeq ?? 0 })}</Text>
              <WitnessLine witness={r.witness} />
            </Stack>
          </Alert>
        ) : (
          <Alert color="red" variant="light" icon={<IconAlertOctagon aria-hidden />} title={t('audit.verifyBrokenTitle')} role="alert" data-testid="audit-verify-result">
            <Stack gap={4}>
              <Text size="sm">{t('audit.verifyBrokenBody', { seq: r.firstBadSeq ?? '?', count: r.checked })}</Text>
              <WitnessLine witness={r.witness} />
              {r.reason && (
                <Text size="sm" ff="monospace">
                  {r.reason}
                </Text>
              )}
            </Stack>
          </Alert>
        ))}
    </>
  );
}
