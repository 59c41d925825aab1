/**
 * The event bus's vocabulary, shared by every verticle: the addresses
 * ({@link minicoin.bus.BusAddresses}), the failure codes a request can come back with
 * ({@link minicoin.bus.BusError}, {@link minicoin.bus.BusFailure}) and the codec that carries
 * immutable domain objects by reference inside a JVM and as their canonical bytes across a cluster
 * ({@link minicoin.bus.DomainCodec}).
 *
 * <p>No verticle lives here, and nothing here knows a service: it sits below them all, on
 * {@code core}.
 */
package minicoin.bus;
