// The IPC gate of the Electron main process, tested without Electron: only our own top frame, only valid envelopes.
import { describe, expect, it } from 'vitest';
import { callEnvelope, isTrustedSender } from '../../../src-main/electron/ipc-guard';

describe('IPC guard', () => {
  it('trusts only the app origin in the main frame', () => {
    expect(isTrustedSender('app://tomoni/index.html', true)).toBe(true);
    expect(isTrustedSender('app://tomoni/index.html', false)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true)).toBe(false);
    expect(isTrustedSender('file:///etc/passwd', true)).toBe(false);
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isTrustedSender('not a url', true)).toBe(false);
  });
  it('accepts only well-formed call envelopes', () => {
    expect(callEnvelope.safeParse({ name: 'app.status', input: {}, token: null }).success).toBe(true);
    expect(callEnvelope.safeParse({ name: '', input: {}, token: null }).success).toBe(false);
    expect(callEnvelope.safeParse({ name: 'x'.repeat(101), input: {}, token: null }).success).toBe(false);
    expect(callEnvelope.safeParse({ name: 'app.status', input: {}, token: 42 }).success).toBe(false);
  });
});
