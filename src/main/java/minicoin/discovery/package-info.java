/**
 * Node discovery: Kademlia over signed UDP packets (PING/PONG, FIND_NODE/NEIGHBORS), as in
 * DESIGN.md's Network section.
 *
 * <p>Everything here is I/O-free and single-threaded: {@link minicoin.discovery.PacketCodec} turns
 * bytes into packets (or a {@link minicoin.discovery.Drop} reason) and back,
 * {@link minicoin.discovery.RoutingTable} holds the k-buckets (at most 2 places per /24 in a bucket
 * and 10 in the table, {@link minicoin.discovery.SubnetLimits}), and
 * {@link minicoin.discovery.Kademlia} runs the protocol, driven by a clock it is given and sending
 * through a {@link minicoin.discovery.Transport} it is given. Tests drive it with a simulated
 * network and a controllable clock, no threads and no sleeps.
 *
 * <p>The core has no sockets, no timers and no Vert.x. {@link minicoin.discovery.DiscoveryVerticle}
 * is the thin UDP shell: it owns the socket, rate-limits senders, signs and encodes outbound packets,
 * drops replays ({@link minicoin.discovery.ReplayCache}), counts drops and calls {@code tick()};
 * each verified node goes out on the event bus for the peer layer. {@link minicoin.discovery.NodeKey} loads or creates the node's key file, once, at start-up.
 */
package minicoin.discovery;
