// Step keys are shown by name: a scan workflow step in the reader's language, anything else as typed.
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { resources } from '../../../src-shared/i18n/resources';
import { stepLabel } from '../../../src-renderer/ui/stepLabel';

describe('stepLabel', () => {
  it('names scan steps in Japanese and English and leaves other keys as typed', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources, lng: 'ja', fallbackLng: 'ja' });
    expect(stepLabel(i18n.t, 'scan')).toBe('スキャン');
    expect(stepLabel(i18n.t, '入力')).toBe('入力');
    expect(stepLabel(i18n.t, null)).toBe('');
    await i18n.changeLanguage('en');
    expect(stepLabel(i18n.t, 'scan')).not.toBe('scan.steps.scan');
    expect(stepLabel(i18n.t, 'scan')).not.toBe('スキャン');
  });
});
