// Globally unique, time-ordered ids made on the device (DESIGN.md data rule 1).
import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

export function newId(): string {
  return uuidv7();
}

export function isId(value: string): boolean {
  return uuidValidate(value);
}
