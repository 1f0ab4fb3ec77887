// The wall clock, passed in so tests can skew it or freeze it.
export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };
