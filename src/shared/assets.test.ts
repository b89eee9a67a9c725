import { describe, expect, it } from 'vitest';
import { ASSET_CATEGORIES, ASSET_TYPES, assetIssues, classificationFits, defaultClassification, formatAssetRef, importanceOf, kindOfType, parseAssetRef, type AssetFacts } from './assets.js';

const base: AssetFacts = { kind: 'information', type: 'data_set', category: 'personal', classification: 'confidential', confidentiality: 3, integrity: 2, availability: 1, location: 'data_center' };

describe('the asset vocabulary', () => {
  it('gives every type one kind', () => {
    for (const t of ASSET_TYPES) expect(kindOfType(t)).toBeTruthy();
    expect(kindOfType('usb_memory')).toBe('medium');
  });

  it('never lets a confidential category be public, and keeps personal, special-care and medical information confidential', () => {
    for (const c of ASSET_CATEGORIES.filter((x) => x !== 'public')) expect(classificationFits(c, 'public')).toBe(false);
    for (const c of ['personal', 'special_care', 'medical'] as const) expect(classificationFits(c, 'internal')).toBe(false);
    expect(classificationFits('analysis', 'internal')).toBe(true);
    expect(classificationFits('public', 'public')).toBe(true);
    for (const c of ASSET_CATEGORIES) expect(classificationFits(c, defaultClassification(c))).toBe(true);
  });

  it('computes importance as the highest of C, I and A', () => {
    expect(importanceOf(1, 3, 2)).toBe(3);
    expect(importanceOf(1, 1, 1)).toBe(1);
  });

  it('formats and reads references', () => {
    expect(formatAssetRef(123)).toBe('A-000123');
    expect(parseAssetRef('A-000123')).toBe(123);
    expect(parseAssetRef('a123')).toBe(123);
    expect(parseAssetRef('JCOG0123')).toBeNull();
  });

  it('names each broken rule once, by field', () => {
    expect(assetIssues(base, 3)).toEqual([]);
    const issues = assetIssues({ ...base, kind: 'medium', classification: 'public', availability: 4, location: 'external_service', rtoHours: 4 }, 3);
    expect(issues.map((i) => [i.path, i.reason])).toEqual([
      ['type', 'type_not_of_kind'],
      ['classification', 'classification_inconsistent'],
      ['availability', 'cia_out_of_scale'],
      ['locationDetail', 'service_name_required'],
      ['rtoHours', 'continuity_systems_only'],
    ]);
    expect(assetIssues({ ...base, kind: 'system', type: 'server', rtoHours: 4, backupMethod: 'nightly' }, 3)).toEqual([]);
  });
});
