// Turns zod failures into translated field issues, so bad input reads as a sentence, not a stack trace.
import type { z } from 'zod';
import { AppError, type FieldIssue } from './errors';

function issueToField(issue: z.core.$ZodIssue): FieldIssue {
  const path = issue.path.map(String).join('.');
  // Schemas may name their own catalog key as the message (e.g. 'validation.pinFormat').
  if (issue.message.startsWith('validation.')) return { path, messageKey: issue.message };
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? { path, messageKey: 'validation.required' }
        : { path, messageKey: 'validation.invalidType' };
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) === 1
        ? { path, messageKey: 'validation.required' }
        : { path, messageKey: 'validation.tooSmall', params: { min: Number(issue.minimum) } };
    case 'too_big':
      return { path, messageKey: 'validation.tooBig', params: { max: Number(issue.maximum) } };
    case 'invalid_format':
      return { path, messageKey: 'validation.invalidFormat' };
    case 'invalid_value':
      return { path, messageKey: 'validation.invalidChoice' };
    case 'unrecognized_keys':
      return { path, messageKey: 'validation.unknownField', params: { keys: issue.keys.join(', ') } };
    default:
      return { path, messageKey: 'validation.invalid' };
  }
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError('invalid_input', 'errors.invalidInput', undefined, parsed.error.issues.map(issueToField));
}
