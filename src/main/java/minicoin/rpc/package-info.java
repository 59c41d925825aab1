/**
 * The node's HTTP JSON-RPC 2.0 server: {@link minicoin.rpc.RpcVerticle} (an event-loop verticle)
 * authenticates every call with a bearer token, enforces the body and batch limits, checks each
 * call's parameters against its method's JSON schema and answers from event-bus requests.
 *
 * <p>It holds no chain, wallet or miner state and never blocks: each method only sends requests
 * on the bus (docs/eventbus.md) and composes their futures. The methods themselves live in
 * {@code minicoin.rpc.methods}; the wire format and the error codes are in docs/rpc.md.
 */
package minicoin.rpc;
