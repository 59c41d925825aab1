package minicoin.p2p;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Simulated TCP between {@link SimNode}s: dials reach the node listening on that port, bytes travel
 * as loop tasks, a close is seen by the other end a task later. Links between two groups can be
 * cut to make a partition.
 */
final class SimNet {

    final SimLoop loop = new SimLoop();
    private final Map<Integer, SimNode> listening = new HashMap<>();
    private final List<Connection> connections = new ArrayList<>();
    private final Set<Integer> unreachable = new HashSet<>();
    /** Dials made to each port, answered or not. */
    private final Map<Integer, Integer> dials = new HashMap<>();
    private int nextEphemeralPort = 40_000;

    /** Both ends of one simulated TCP connection. */
    final class Connection {
        final SimNode dialler;
        final SimNode listener;
        Peer outboundPeer;
        Peer inboundPeer;
        boolean open = true;

        Connection(SimNode dialler, SimNode listener) {
            this.dialler = dialler;
            this.listener = listener;
        }

        Peer.Link end(boolean outbound) {
            return new Peer.Link() {
                @Override
                public void send(byte[] frame) {
                    if (open) {
                        loop.execute(() -> {
                            Peer to = outbound ? inboundPeer : outboundPeer;
                            if (open && to != null) {
                                to.receive(frame);
                            }
                        });
                    }
                }

                @Override
                public boolean writeQueueFull() {
                    return false;
                }

                @Override
                public void close() {
                    cut();
                }
            };
        }

        void cut() {
            if (!open) {
                return;
            }
            open = false;
            loop.execute(() -> {
                if (outboundPeer != null) {
                    outboundPeer.disconnected();
                }
                if (inboundPeer != null) {
                    inboundPeer.disconnected();
                }
            });
        }
    }

    SimNode node(String name, int port, PeerGroup.Settings settings) {
        SimNode node = new SimNode(name, port, loop, this, settings);
        listening.put(port, node);
        return node;
    }

    SimNode node(String name, int port) {
        return node(name, port, new PeerGroup.Settings(32, 8, List.of()));
    }

    void dial(SimNode from, String host, int port) {
        dials.merge(port, 1, Integer::sum);
        loop.execute(() -> {
            SimNode to = listening.get(port);
            if (to == null || unreachable.contains(port)) {
                from.group.dialFailed(host, port, "connection refused");
                return;
            }
            Connection connection = new Connection(from, to);
            var inbound = to.group.accepted(connection.end(false), "127.0.0.1", nextEphemeralPort++);
            if (inbound.isEmpty()) {
                from.group.dialFailed(host, port, "closed by the listener");
                return;
            }
            connection.inboundPeer = inbound.get();
            connection.outboundPeer = from.group.connected(connection.end(true), host, port);
            connections.add(connection);
        });
    }

    /** Dials to {@code node} fail (connection refused) until {@link #acceptDials}: its side of a partition. */
    void refuseDials(SimNode node) {
        unreachable.add(node.port);
    }

    void acceptDials(SimNode node) {
        unreachable.remove(node.port);
    }

    /** How many times any node dialled {@code node}, reached or not. */
    int dialsTo(SimNode node) {
        return dials.getOrDefault(node.port, 0);
    }

    /** Has {@code from} dial {@code to} and lets the network settle. */
    void connect(SimNode from, SimNode to) {
        from.group.addPeer("127.0.0.1", to.port);
        loop.runUntilIdle();
    }

    /** Cuts every connection and refuses new dials to the nodes of {@code side}, from the others. */
    void partition(List<SimNode> side) {
        Set<SimNode> members = new HashSet<>(side);
        for (Connection connection : connections) {
            if (members.contains(connection.dialler) != members.contains(connection.listener)) {
                connection.cut();
            }
        }
        loop.runUntilIdle();
    }

    void settle() {
        loop.runUntilIdle();
    }

    /** Advances the clock a second at a time, ticking every node, as the verticle's timer does. */
    void tick(SimNode... nodes) {
        loop.advance(1_000);
        for (SimNode node : nodes) {
            node.group.tick();
        }
        loop.runUntilIdle();
    }
}
