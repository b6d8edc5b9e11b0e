// dynalite as a child of the JVM that started it, on HOOKLINE_DYNALITE_HOST and _PORT (0: any free
// port), keeping its LevelDB files in HOOKLINE_DYNALITE_PATH or, without it, in memory. The first
// line on stdout says the port it bound.
//
// The JVM holds this process's stdin. The kernel closes it whenever the JVM ends, kill -9 included,
// so this process then closes its LevelDB store and exits: no orphan keeps the port or the lock.
'use strict'

const major = Number(process.versions.node.split('.')[0])
if (major < 20) {
  console.error(`dynalite needs Node.js 20 or newer; this is ${process.version}`)
  process.exit(4)
}

const dynalite = require('dynalite')
const options = {
  host: process.env.HOOKLINE_DYNALITE_HOST,
  port: Number(process.env.HOOKLINE_DYNALITE_PORT),
  path: process.env.HOOKLINE_DYNALITE_PATH,
}

const server = dynalite({
  path: options.path || undefined,
  createTableMs: 0,
  deleteTableMs: 0,
  updateTableMs: 0,
})

let stopping = false
function stop () {
  if (stopping) return
  stopping = true
  // A store that cannot close within this time has nothing left worth waiting for.
  setTimeout(() => process.exit(0), 5000).unref()
  server.close(() => process.exit(0))
}

server.on('error', (error) => {
  console.error(error.code === 'EADDRINUSE'
    ? `port in use: ${options.host}:${options.port}`
    : `cannot serve: ${error.message}`)
  process.exit(3)
})

server.listen(options.port, options.host, () => {
  console.log(`listening on port ${server.address().port}`)
})

process.stdin.on('end', stop)
process.stdin.on('error', stop)
process.stdin.resume()
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
