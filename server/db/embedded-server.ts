// Serves the embedded database to other local processes (db:migrate, db:seed, command-line tools)
// over the PostgreSQL wire protocol on a Unix socket, so they work while the app runs instead of
// opening the data directory a second time.
//
// Why not @electric-sql/pglite-socket: PGlite is one session, and that server runs each protocol
// message under PGlite's query mutex only, so a socket client's open transaction and the app's own
// queries interleave (the app's write lands inside the client's transaction and vanishes with its
// rollback; the app's COMMIT commits the client's half-done work). Here a client holds PGlite's
// transaction mutex — the one every app query and transaction takes — from its first message until
// it is back outside a transaction after a Sync or simple Query, so each side sees only the other's
// committed work. A client idle inside a transaction is disconnected (rolled back) after a timeout.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** The socket file name PostgreSQL clients look for in a socket directory (port 5432). */
export const SOCKET_FILE = ".s.PGSQL.5432";

export type EmbeddedServer = { socketDir: string; close: () => Promise<void> };

/** A connection string for the pg driver reaching a server started by serveEmbedded. */
export const socketConnectionString = (socketDir: string) =>
  `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;

export async function serveEmbedded(
  pglite: PGlite,
  socketDir: string,
  opts: { idleInTransactionMs?: number } = {},
): Promise<EmbeddedServer> {
  const idleMs = opts.idleInTransactionMs ?? 30_000;
  fs.mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(socketDir, 0o700);
  const socketPath = path.join(socketDir, SOCKET_FILE);
  fs.rmSync(socketPath, { force: true });

  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    handleConnection(pglite, socket, idleMs);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => resolve());
  });
  fs.chmodSync(socketPath, 0o600);
  return {
    socketDir,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of connections) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + text.length);
  message.write("Q", 0, "ascii");
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return new Uint8Array(message);
}

function handleConnection(pglite: PGlite, socket: net.Socket, idleMs: number) {
  let buffer = Buffer.alloc(0);
  let startupDone = false;
  let release: (() => void) | null = null;
  let idleTimer: NodeJS.Timeout | undefined;
  let chain = Promise.resolve();
  let closed = false;

  const hold = () =>
    release
      ? Promise.resolve()
      : new Promise<void>((acquired) => {
          void pglite._runExclusiveTransaction(
            () =>
              new Promise<void>((done) => {
                release = () => {
                  release = null;
                  done();
                };
                acquired();
              }),
          );
        });

  // A client gone mid-transaction: roll its work back (through the protocol: pglite.exec would wait
  // for the transaction mutex this connection holds).
  const letGo = async () => {
    if (!release) return;
    if (pglite.isInTransaction()) {
      await pglite.runExclusive(() => pglite.execProtocolRaw(simpleQuery("ROLLBACK"))).catch(() => {});
    }
    release?.();
  };

  const shutDown = () => {
    if (closed) return;
    closed = true;
    clearTimeout(idleTimer);
    chain = chain.then(letGo, letGo);
    socket.destroy();
  };

  const run = async (message: Uint8Array, endsUnit: boolean) => {
    await hold();
    clearTimeout(idleTimer);
    await pglite.runExclusive(() =>
      pglite.execProtocolRawStream(message, {
        onRawData: (data) => {
          if (!socket.destroyed) socket.write(Buffer.from(data));
        },
      }),
    );
    if (endsUnit && !pglite.isInTransaction()) release?.();
    else if (release) idleTimer = setTimeout(shutDown, idleMs);
  };

  const take = (): Uint8Array | "ssl" | "cancel" | null => {
    if (!startupDone) {
      if (buffer.length < 8) return null;
      const length = buffer.readInt32BE(0);
      if (buffer.length < length) return null;
      const code = buffer.readInt32BE(4);
      const message = buffer.subarray(0, length);
      buffer = buffer.subarray(length);
      if (code === SSL_REQUEST) return "ssl";
      if (code === CANCEL_REQUEST) return "cancel";
      if (code === PROTOCOL_3) startupDone = true;
      return new Uint8Array(message);
    }
    if (buffer.length < 5) return null;
    const length = 1 + buffer.readInt32BE(1);
    if (buffer.length < length) return null;
    const message = buffer.subarray(0, length);
    buffer = buffer.subarray(length);
    return new Uint8Array(message);
  };

  socket.on("data", (data) => {
    buffer = Buffer.concat([buffer, data]);
    for (let message = take(); message !== null; message = take()) {
      if (message === "ssl") {
        socket.write("N");
        continue;
      }
      if (message === "cancel") continue;
      const type = startupDone ? String.fromCharCode(message[0]!) : "startup";
      if (type === "X") {
        shutDown();
        return;
      }
      // A unit of work ends with a simple Query or a Sync (extended protocol); the startup
      // message is a unit of its own.
      const endsUnit = type === "Q" || type === "S" || type === "startup";
      const m = message;
      chain = chain.then(() => (closed ? undefined : run(m, endsUnit))).catch(() => shutDown());
    }
  });
  socket.on("error", shutDown);
  socket.on("close", shutDown);
}
