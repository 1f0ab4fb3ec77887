// A user-space TCP proxy that shapes a link like a poor VPN (BENCH.md "Catch-up over a poor link"): a token bucket
// per direction, a one-way delay queue, and a chance per 1,460-byte segment of an extra hold (TCP loss recovery).
// Segments stay in order, as TCP delivers them.
import net from 'node:net';

export interface LinkShape {
  bytesPerSecond: number;
  oneWayDelayMs: number;
  holdChance: number;
  holdMs: number;
  random?: () => number;
}

export interface ShapedProxy {
  port: number;
  bytes: { up: number; down: number };
  /** Cuts every open connection (a dropped VPN). */
  cut(): void;
  close(): Promise<void>;
}

const SEGMENT = 1460;

/** One direction of the link, shared by every connection crossing it (the bandwidth is the VPN's, not per socket). */
interface Direction {
  freeAt: number;
}

function shaper(shape: LinkShape, link: Direction, count: (n: number) => void, deliver: (seg: Buffer | null) => void) {
  let lastDelivery = 0;
  const random = shape.random ?? Math.random;
  // One FIFO and one pump per direction: separate timers could fire out of order and corrupt the stream.
  const queue: { at: number; seg: Buffer | null }[] = [];
  let pumping: NodeJS.Timeout | null = null;
  const pump = () => {
    pumping = null;
    const now = performance.now();
    while (queue.length && queue[0].at <= now + 0.5) deliver(queue.shift()!.seg);
    if (queue.length) pumping = setTimeout(pump, Math.max(0, queue[0].at - now));
  };
  const push = (chunk: Buffer | null) => {
    if (chunk === null) {
      // The sender closed: close the other side only after everything it sent has crossed the link (FIN is in order).
      queue.push({ at: Math.max(lastDelivery, performance.now()), seg: null });
      pumping ??= setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
      return;
    }
    for (let offset = 0; offset < chunk.length; offset += SEGMENT) {
      const seg = chunk.subarray(offset, offset + SEGMENT);
      count(seg.length);
      const now = performance.now();
      const start = Math.max(now, link.freeAt);
      link.freeAt = start + (seg.length / shape.bytesPerSecond) * 1000;
      let at = link.freeAt + shape.oneWayDelayMs + (random() < shape.holdChance ? shape.holdMs : 0);
      at = Math.max(at, lastDelivery);
      lastDelivery = at;
      queue.push({ at, seg });
    }
    pumping ??= setTimeout(pump, Math.max(0, queue[0].at - performance.now()));
  };
  return push;
}

export async function startShapedProxy(targetPort: number, shape: LinkShape): Promise<ShapedProxy> {
  const bytes = { up: 0, down: 0 };
  const sockets = new Set<net.Socket>();
  const upLink: Direction = { freeAt: 0 };
  const downLink: Direction = { freeAt: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(upstream);
    const up = shaper(shape, upLink, (n) => (bytes.up += n), (seg) => (seg ? !upstream.destroyed && upstream.write(seg) : upstream.end()));
    const down = shaper(shape, downLink, (n) => (bytes.down += n), (seg) => (seg ? !client.destroyed && client.write(seg) : client.end()));
    client.on('data', up);
    upstream.on('data', down);
    client.on('end', () => up(null));
    upstream.on('end', () => down(null));
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', forget);
    upstream.on('close', forget);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    bytes,
    cut() {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
