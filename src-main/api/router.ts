// The one router both transports call: validates input, checks the caller's role, runs the handler,
// and returns a typed result envelope. No feature code knows which transport it is under.
import { contract, isProcedureName } from '../../src-shared/api/contract';
import { AppError, fail, ok, type Result } from '../../src-shared/core/errors';
import type { Role } from '../../src-shared/core/roles';
import { parseOrThrow } from '../../src-shared/core/validation';
import { createLogger } from '../logging/logger';
import { toStorageError } from '../store/open';
import type { AppServices, HandlerContext } from './context';
import type { AllHandlers, Handler } from './handlers';
import { deviceKind } from '../app/device';

const log = createLogger('router');

export interface Router {
  call(name: string, input: unknown, token: string | null): Promise<Result<unknown>>;
}

export function createRouter(services: AppServices, handlers: AllHandlers): Router {
  for (const name of Object.keys(contract)) {
    if (!(name in handlers)) throw new Error(`No handler for procedure ${name}`);
  }

  return {
    async call(name, input, token) {
      try {
        if (!isProcedureName(name)) throw new AppError('unknown_procedure', 'errors.unknownProcedure');
        const def = contract[name];
        const session = services.sessions.get(token);
        let role: Role | null = session?.role ?? null;
        // An anonymous caller at a center PC is the kiosk itself.
        if (!role && deviceKind(services.store) === 'center') role = 'kiosk';
        if (def.access !== 'public') {
          if (!role) throw new AppError('unauthenticated', 'errors.unauthenticated');
          if (!def.access.includes(role)) throw new AppError('forbidden', 'errors.forbidden');
        }
        const parsed = parseOrThrow(def.input, input ?? {});
        const ctx: HandlerContext = { services, session, role, token };
        const handler = handlers[name] as Handler<typeof name>;
        const value = await (handler as (i: unknown, c: HandlerContext) => unknown)(parsed, ctx);
        return ok(value);
      } catch (err) {
        if (err instanceof AppError) return fail(err.payload);
        const storage = toStorageError(err);
        if (storage) {
          log.error('storage failure', { procedure: name, error: String(err) });
          return fail(storage.payload);
        }
        log.error('handler crashed', { procedure: name, error: err instanceof Error ? err.stack : String(err) });
        return fail({ code: 'internal', messageKey: 'errors.internal' });
      }
    },
  };
}
