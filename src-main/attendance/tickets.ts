// Kiosk tickets: after a correct PIN the kiosk holds a short-lived ticket naming the worker, so the punch itself
// needs no second scrypt check. In memory on purpose: a restart simply asks for the PIN again.
import { randomBytes } from 'node:crypto';
import { AppError } from '../../src-shared/core/errors';
import type { AppServices } from '../api/context';

export const TICKET_TTL_MS = 2 * 60 * 1000;

interface Ticket {
  workerId: string;
  expiresAt: number;
}

const byServices = new WeakMap<AppServices, Map<string, Ticket>>();

function ticketsOf(services: AppServices): Map<string, Ticket> {
  let map = byServices.get(services);
  if (!map) {
    map = new Map();
    byServices.set(services, map);
  }
  return map;
}

export function issueTicket(services: AppServices, workerId: string): { ticket: string; expiresAt: number } {
  const map = ticketsOf(services);
  const now = services.clock.now();
  for (const [key, t] of map) if (t.expiresAt <= now) map.delete(key);
  const ticket = randomBytes(18).toString('base64url');
  const expiresAt = now + TICKET_TTL_MS;
  map.set(ticket, { workerId, expiresAt });
  return { ticket, expiresAt };
}

/** The worker the ticket names; throws when it is unknown or expired. */
export function redeemTicket(services: AppServices, ticket: string): string {
  const found = ticketsOf(services).get(ticket);
  if (!found || found.expiresAt <= services.clock.now()) {
    ticketsOf(services).delete(ticket);
    throw new AppError('unauthenticated', 'attendance.errors.ticketExpired');
  }
  return found.workerId;
}

export function dropTicket(services: AppServices, ticket: string): void {
  ticketsOf(services).delete(ticket);
}
