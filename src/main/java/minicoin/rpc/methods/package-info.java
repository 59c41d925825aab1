/**
 * The JSON-RPC methods, one class each ({@code name}, one-line description, parameters, handler), and the registry
 * {@link minicoin.rpc.methods.RpcMethods} that maps names to them. Adding a method is one new class
 * and one line in the registry.
 *
 * <p>Methods only translate: parameters into an event-bus request (docs/eventbus.md), the reply
 * into a result shaped like Bitcoin Core's where the method exists there (docs/rpc.md).
 */
package minicoin.rpc.methods;
