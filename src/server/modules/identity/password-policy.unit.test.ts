import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkPassword, isCommonPassword, personalWordsFrom } from './password-policy.js';

describe('password policy', () => {
  it('ships a blocklist of at least 10,000 common passwords', () => {
    const lines = readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThanOrEqual(10_000);
  });

  it('applies the minimum length, never below 8', () => {
    expect(checkPassword('abcdefg', 8, [])).toBe('too_short'); // 7 characters
    expect(checkPassword('plover quay', 12, [])).toBe('too_short'); // 11
    expect(checkPassword('plover quays', 12, [])).toBeNull(); // 12
    expect(checkPassword('zq7wplvx', 4, [])).toBeNull(); // 8: PASSWORD_MIN_LENGTH below 8 is raised to 8
    expect(checkPassword('zq7wplv', 4, [])).toBe('too_short');
    // length counts characters, not bytes
    expect(checkPassword('日本語のパスワード長文です', 12, [])).toBeNull();
  });

  it('accepts 128 characters and more, up to 1024 bytes, without composition rules', () => {
    expect(checkPassword('x'.repeat(127) + 'y', 12, [])).toBeNull();
    expect(checkPassword('a'.repeat(1024), 12, [])).toBeNull();
    expect(checkPassword('a'.repeat(1025), 12, [])).toBe('too_long');
    expect(checkPassword('alllowercaseletters', 12, [])).toBeNull();
  });

  it('refuses common passwords case-insensitively', () => {
    expect(isCommonPassword('password1234')).toBe(true);
    expect(checkPassword('PassWord1234', 8, [])).toBe('common');
    expect(checkPassword('1234567890ab', 12, [])).toBeNull();
    expect(checkPassword('qwertyuiop', 8, [])).toBe('common');
  });

  it('refuses passwords containing personal words (3+ characters, any case, full width folded)', () => {
    const words = personalWordsFrom(['山田', '太郎', 'Yamada', 'Taro', 'taro.yamada@example.jp', 'Hospital Kita', '甲グループ', 'Al']);
    expect(checkPassword('my-YAMADA-secret', 12, words)).toBe('personal');
    expect(checkPassword('ｙａｍａｄａ is me forever', 12, words)).toBe('personal');
    expect(checkPassword('taro.yamada rocks', 12, words)).toBe('personal');
    expect(checkPassword('kita kita kita kita', 12, words)).toBe('personal');
    expect(checkPassword('甲グループのパスワード', 8, words)).toBe('personal');
    // 2-character words ("Al", "山田", "太郎") are ignored, and so is the generic "Hospital"
    expect(checkPassword('always 山田太郎 hospital', 12, words)).toBeNull();
  });
});
