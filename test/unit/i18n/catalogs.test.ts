import { describe, expect, it } from 'vitest';
import { resources } from '../../../src-shared/i18n/resources';

function keys(obj: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('message catalogs', () => {
  it('have the same keys in Japanese and English', () => {
    expect(keys(resources.en.translation).sort()).toEqual(keys(resources.ja.translation).sort());
  });
  it('have no empty messages', () => {
    for (const lang of ['ja', 'en'] as const) {
      const flat = keys(resources[lang].translation);
      for (const key of flat) {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], resources[lang].translation);
        expect(typeof value === 'string' && value.length > 0, `${lang}:${key}`).toBe(true);
      }
    }
  });
});

describe('command names', () => {
  it('every command has a name a person can read, in both languages (shown when HQ refuses a change)', async () => {
    const { commandRegistry } = await import('../../../src-shared/commands/registry');
    for (const lang of ['ja', 'en'] as const) {
      for (const name of commandRegistry.keys()) {
        const label = `sync.commands.${name}`.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], resources[lang].translation);
        expect(typeof label === 'string' && label.length > 0, `${lang}:${name}`).toBe(true);
      }
    }
  });
});

describe('glossary', () => {
  it('every Japanese message uses one spelling per term (src-shared/i18n/glossary.ts)', async () => {
    const { glossary } = await import('../../../src-shared/i18n/glossary');
    const messages = keys(resources.ja.translation).map((key) => [key, String(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], resources.ja.translation))] as const);
    const found: string[] = [];
    for (const term of glossary) {
      for (const avoid of term.avoid) {
        for (const [key, text] of messages) if (new RegExp(avoid).test(text)) found.push(`${key}: 「${text}」 — use ${term.use} (${term.note})`);
      }
    }
    expect(found).toEqual([]);
  });
  it('every English message uses one spelling per term, and the check catches a variant', async () => {
    const { englishGlossary } = await import('../../../src-shared/i18n/glossary');
    const messages = keys(resources.en.translation).map((key) => [key, String(key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], resources.en.translation))] as const);
    const offending = (text: string) => englishGlossary.filter((term) => term.avoid.some((a) => new RegExp(a).test(text))).map((term) => term.use);
    const found = messages.filter(([, text]) => offending(text).length).map(([key, text]) => `${key}: "${text}" — use ${offending(text).join(', ')}`);
    expect(found).toEqual([]);
    // The rules themselves: what they catch and what they leave alone.
    expect(offending('Log in at this computer')).toEqual(['PC', 'sign in']);
    expect(offending('Login ID {{loginId}} is already in use.')).toEqual([]);
    expect(offending('Colour 24-bit at the telework centre')).toEqual(['center']);
  });
});
