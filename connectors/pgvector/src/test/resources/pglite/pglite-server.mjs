// A real pgvector for sink-pgvector's tests: PGlite (PostgreSQL compiled to WASM) with its pgvector extension,
// served over the PostgreSQL wire protocol on 127.0.0.1 by pglite-socket.
//   node pglite-server.mjs PORT [DATA_DIR]
// With DATA_DIR the database lives in that directory and survives a kill -9 of this process (PostgreSQL's own
// crash recovery runs at the next start); without, it lives in memory.
// PGlite is one PostgreSQL session. pglite-socket lets a few clients in (the sink's pool of one, the test's checks,
// a connection still being torn down) and runs their messages one at a time, keeping an open transaction to the
// client that began it.
// Prints one line "PGLITE READY port=… postgres=… pgvector=…" once it accepts connections; exits when its
// standard input closes, so it never outlives the JVM that started it.
import { PGlite } from '@electric-sql/pglite'
import { vector } from '@electric-sql/pglite-pgvector'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'

const port = Number(process.argv[2])
const dataDir = process.argv[3]
if (!Number.isInteger(port) || port <= 0) {
  console.error('usage: node pglite-server.mjs PORT [DATA_DIR]')
  process.exit(2)
}
const db = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: { vector } })
const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 })
await server.start()
const postgres = (await db.query('SHOW server_version')).rows[0].server_version
const pgvector = (await db.query(
  "SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")).rows[0].default_version
console.log(`PGLITE READY port=${port} postgres=${postgres} pgvector=${pgvector}`)

let stopping = false
const stop = async () => {
  if (stopping) return
  stopping = true
  await server.stop()
  await db.close()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
process.stdin.on('end', stop)
process.stdin.resume()
