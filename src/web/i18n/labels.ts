import { AssetCategory, AssetKind, AssetLocation, AssetStatus, AssetType, Classification, DisposalMethod } from '../../shared/assets.js';
import { ActionKind } from '../../shared/capa.js';
import { ControlFamily, ControlStatus, EvidenceState } from '../../shared/controls.js';
import { CoverageDimension, CoverageStatus } from '../../shared/coverage.js';
import { ClockKind, IncidentKind, IncidentSeverity } from '../../shared/incidents.js';
import { assetCategoryLabels, assetKindLabels, assetLocationLabels, assetStatusLabels, assetTypeLabels, classificationLabels, disposalMethodLabels } from '../../shared/labels/assets.js';
import { actionKindLabels } from '../../shared/labels/capa.js';
import { controlFamilyLabels, controlFamilyThemeLabels, controlStatusLabels, evidenceStateLabels } from '../../shared/labels/controls.js';
import { coverageByLabels, coverageGroupLabels, coverageStatusLabels } from '../../shared/labels/coverage.js';
import type { Labels, Lang } from '../../shared/labels/define.js';
import { clockKindLabels, incidentKindLabels, incidentSeverityLabels } from '../../shared/labels/incidents.js';
import { reviewItemStatusLabels } from '../../shared/labels/reviews.js';
import { roleLabels } from '../../shared/labels/roles.js';
import { clockOutcomeLabels, steeringIncidentKindLabels, steeringSeverityLabels } from '../../shared/labels/steering.js';
import { violationSeverityLabels } from '../../shared/labels/violations.js';
import { ReviewItemStatus } from '../../shared/reviews.js';
import { Role } from '../../shared/roles.js';
import { ClockOutcome, UNASSESSED } from '../../shared/steering.js';
import { ViolationSeverity } from '../../shared/violations.js';
import type { Messages } from './messages.js';

/** One set of shared labels and the translation keys the screens read it under. */
export interface SharedLabels {
  /** The key of a value's label, `*` standing for the value: `incidents.kind.*`. */
  key: string;
  /** Every value of the enum. */
  values: readonly string[];
  labels: Labels<string>;
}

const at = <K extends string>(key: string, values: readonly K[], labels: Labels<K>): SharedLabels => ({ key, values, labels });

/**
 * The enum labels kept in `src/shared/labels` (the server prints the same in its documents), under
 * the keys the screens use. They join the translations in `messages.ts`; a key also defined in a
 * messages file fails as a key defined twice.
 */
export const SHARED_LABELS: readonly SharedLabels[] = [
  at('assets.kind.*', AssetKind.options, assetKindLabels),
  at('risks.assetKind.*', AssetKind.options, assetKindLabels),
  at('assets.type.*', AssetType.options, assetTypeLabels),
  at('assets.category.*', AssetCategory.options, assetCategoryLabels),
  at('risks.assetCategory.*', AssetCategory.options, assetCategoryLabels),
  at('assets.classification.*', Classification.options, classificationLabels),
  at('assets.location.*', AssetLocation.options, assetLocationLabels),
  at('assets.disposalMethod.*', DisposalMethod.options, disposalMethodLabels),
  at('assets.status.*', AssetStatus.options, assetStatusLabels),
  at('incidents.kind.*', IncidentKind.options, incidentKindLabels),
  at('incidents.severity.*', IncidentSeverity.options, incidentSeverityLabels),
  at('incidents.clockKind.*', ClockKind.options, clockKindLabels),
  at('steering.clockKind.*', ClockKind.options, clockKindLabels),
  at('steering.kind.*', IncidentKind.options, steeringIncidentKindLabels),
  at('steering.severity.*', [...IncidentSeverity.options, UNASSESSED], steeringSeverityLabels),
  at('steering.outcome.*', ClockOutcome.options, clockOutcomeLabels),
  at('capa.kind.*', ActionKind.options, actionKindLabels),
  at('violations.severity.*', ViolationSeverity.options, violationSeverityLabels),
  at('controls.family.*', ControlFamily.options, controlFamilyLabels),
  at('documents.family.*', ControlFamily.options, controlFamilyLabels),
  at('controls.familyTheme.*', ControlFamily.options, controlFamilyThemeLabels),
  at('controls.status.*', ControlStatus.options, controlStatusLabels),
  at('controls.evidenceState.*', EvidenceState.options, evidenceStateLabels),
  at('coverage.by.*', CoverageDimension.options, coverageByLabels),
  at('coverage.group_*', CoverageDimension.options, coverageGroupLabels),
  at('coverage.status.*', CoverageStatus.options, coverageStatusLabels),
  at('roles.*', Role.options, roleLabels),
  at('reviews.status.*', ReviewItemStatus.options, reviewItemStatusLabels),
];

/** The key of one value's label. */
export const keyOf = (entry: SharedLabels, value: string) => entry.key.replace('*', value);

/** The shared labels in one language, as a translation tree. */
export function sharedLabelMessages(lang: Lang): Messages {
  const tree: Messages = {};
  for (const entry of SHARED_LABELS) {
    for (const value of entry.values) {
      const key = keyOf(entry, value);
      const label = entry.labels[value];
      if (!label) throw new Error(`no label for ${key}`);
      const path = key.split('.');
      let node = tree;
      for (const part of path.slice(0, -1)) {
        const next = (node[part] ??= {});
        if (typeof next === 'string') throw new Error(`shared label key inside a message: ${key}`);
        node = next;
      }
      const leaf = path.at(-1)!;
      if (node[leaf] !== undefined) throw new Error(`shared label key defined twice: ${key}`);
      node[leaf] = label[lang];
    }
  }
  return tree;
}
