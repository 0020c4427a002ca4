/** The ingest bench's echo protocol: one request frame in, the same bytes back (`echoServer.ts`). */
export const ECHO_PROTOCOL = "/waymark/bench/echo/1.0.0";
