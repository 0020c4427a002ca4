/** The ingest bench's echo protocol: one request frame in, the same bytes back (`echoServer.ts`). */
export const ECHO_PROTOCOL = "/waymark/bench/echo/1.0.0";

/** The same echo on a stream that carries any number of requests in turn, as mail's `/1.1.0`. */
export const ECHO_SESSION_PROTOCOL = "/waymark/bench/echo/1.1.0";
