/**
 * Helpers of the "down mid-pull" fault tests (packages/chart/test/pull-faults.integ.test.ts,
 * packages/repo/test/update-faults.integ.test.ts): HTTP servers that die or stall halfway through
 * a response, and a directory listing with content hashes to prove nothing was half-written.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import type { Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join, relative } from 'node:path';

/** How a response fails once half of it is on the wire. */
export type Fault = 'cut' | 'stall';

/** Servers started by `listenTracked`, with the stalled responses waiting to be finished. */
export class FaultyServers {
  private readonly servers: Server[] = [];
  private readonly sockets = new Set<Socket>();
  /** Finishers of stalled responses (`halfThen(..., 'stall')`), oldest first. */
  readonly stalled: (() => void)[] = [];

  /** Listens on 127.0.0.1 (random port), tracking connections so `close()` ends stalled ones. */
  async listen(server: Server): Promise<string> {
    this.servers.push(server);
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return `127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /**
   * Sends the headers (the full Content-Length) and half the body, then cuts the connection
   * (`cut`), or waits until `stalled` is called (`stall`).
   */
  halfThen(res: ServerResponse, body: Buffer, fault: Fault, contentType: string): void {
    res.writeHead(200, { 'content-type': contentType, 'content-length': body.length });
    const half = Math.floor(body.length / 2);
    res.write(body.subarray(0, half), () => {
      if (fault === 'cut') res.socket?.destroy();
      else this.stalled.push(() => res.end(body.subarray(half)));
    });
  }

  /**
   * Lets the stalled responses finish once the caller has given up on them. `cancelSeen` must
   * settle only after the engine has read the timed-out call's cancel frame (a ping sent after it
   * does: one pipe, frames read in order), so a download that finishes now is one the caller
   * abandoned and the engine must throw it away. Then waits `graceMs` for any (wrong) write.
   */
  async finishStalledAfter(cancelSeen: Promise<unknown>, graceMs = 1_000): Promise<void> {
    await cancelSeen;
    for (const finish of this.stalled.splice(0)) finish();
    await new Promise((r) => setTimeout(r, graceMs));
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
  }
}

/** Every file and directory under dir (relative path; size and content hash for files), sorted. */
export function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        out.push(`${relative(dir, p)}/`);
        walk(p);
      } else {
        out.push(`${relative(dir, p)} ${st.size} ${createHash('sha256').update(readFileSync(p)).digest('hex').slice(0, 12)}`);
      }
    }
  };
  walk(dir);
  return out.sort();
}
