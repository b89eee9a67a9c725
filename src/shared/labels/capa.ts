import { ActionKind } from '../capa.js';
import { defineLabels } from './define.js';

/** Corrective or preventive action. */
export const actionKindLabels = defineLabels(ActionKind, {
  corrective: { ja: '是正処置', en: 'Corrective' },
  preventive: { ja: '予防処置', en: 'Preventive' },
});
