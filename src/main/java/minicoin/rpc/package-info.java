/**
 * The node's HTTP JSON-RPC server, in JSON-RPC 2.0 and Bitcoin Core's 1.0 dialect:
 * {@link minicoin.rpc.RpcVerticle} (an event-loop verticle) authenticates every call (the bearer
 * token, or HTTP Basic with the cookie or an {@code rpcauth} user, {@link minicoin.rpc.RpcAuthenticator}),
 * enforces the body and batch limits, checks each call's parameters against its method's JSON
 * schema and answers from event-bus requests.
 *
 * <p>It holds no chain, wallet or miner state and never blocks: each method only sends requests
 * on the bus (docs/eventbus.md) and composes their futures. The methods themselves live in
 * {@code minicoin.rpc.methods}; the wire format and the error codes are in docs/rpc.md. The same
 * server's GET side, the explorer and the monitoring endpoints, is in {@code minicoin.rpc.explorer}
 * and {@code minicoin.rpc.monitor}.
 */
package minicoin.rpc;
