/**
 * Node discovery: Kademlia over signed UDP packets (PING/PONG, FIND_NODE/NEIGHBORS), as in
 * DESIGN.md's Network section.
 *
 * <p>Everything here is I/O-free and single-threaded: {@link minicoin.discovery.PacketCodec} turns
 * bytes into packets (or a {@link minicoin.discovery.Drop} reason) and back,
 * {@link minicoin.discovery.RoutingTable} holds the k-buckets, and
 * {@link minicoin.discovery.Kademlia} runs the protocol, driven by a clock it is given and sending
 * through a {@link minicoin.discovery.Transport} it is given. Tests drive it with a simulated
 * network and a controllable clock, no threads and no sleeps.
 *
 * <p>What it does not do: no sockets, no timers, no Vert.x. The UDP verticle that owns a socket,
 * signs and encodes outbound packets, counts drops and calls {@code tick()} is a thin shell added
 * later. {@link minicoin.discovery.NodeKey} is the one exception to "no I/O": it loads or creates
 * the node's key file, once, at start-up.
 */
package minicoin.discovery;
