package minicoin.discovery;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import minicoin.core.Bytes;
import minicoin.crypto.Hashes;

/** The four discovery packets. The envelope (magic, sender, expiry, signature) is {@link PacketCodec}'s. */
public sealed interface Packet permits Packet.Ping, Packet.Pong, Packet.FindNode, Packet.Neighbors {

    /**
     * Records per NEIGHBORS packet: 12 of the largest (83-byte) records still keep a packet under
     * 1,280 bytes; 16 would not (1,328 bytes of records alone).
     */
    int MAX_NEIGHBORS = 12;
    /** Records in one answer to FIND_NODE, over one or two NEIGHBORS packets: Kademlia's k. */
    int MAX_ANSWER = RoutingTable.K;

    /** Wire type codes. */
    byte PING = 1;
    byte PONG = 2;
    byte FIND_NODE = 3;
    byte NEIGHBORS = 4;

    byte type();

    /** Asks for a PONG; carries the sender's TCP port so the receiver can publish a complete record. */
    record Ping(int tcpPort) implements Packet {
        public Ping {
            checkTcpPort(tcpPort);
        }

        @Override
        public byte type() {
            return PING;
        }
    }

    /** Answers a PING, echoing the hash of the PING it answers so a spoofed PONG cannot match. */
    record Pong(Bytes pingHash, int tcpPort) implements Packet {
        public Pong {
            Objects.requireNonNull(pingHash, "pingHash");
            if (pingHash.length() != Hashes.SHA256_BYTES) {
                throw new IllegalArgumentException("ping hash is " + Hashes.SHA256_BYTES + " bytes");
            }
            checkTcpPort(tcpPort);
        }

        @Override
        public byte type() {
            return PONG;
        }
    }

    /** Asks for the verified nodes closest to {@code target}. */
    record FindNode(NodeId target) implements Packet {
        public FindNode {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public byte type() {
            return FIND_NODE;
        }
    }

    /**
     * One part of the answer to a FIND_NODE: {@code nodes} (at most {@link #MAX_NEIGHBORS}) of the
     * {@code total} (at most {@link #MAX_ANSWER}) verified nodes the answer holds. An answer larger
     * than one packet goes out as several, as Ethereum's discv4 does; {@code total} tells the asker
     * when it has them all.
     */
    record Neighbors(int total, List<NodeRecord> nodes) implements Packet {
        public Neighbors {
            nodes = List.copyOf(nodes);
            if (total < 0 || total > MAX_ANSWER) {
                throw new IllegalArgumentException("an answer holds at most " + MAX_ANSWER + " nodes, got " + total);
            }
            if (nodes.size() > MAX_NEIGHBORS) {
                throw new IllegalArgumentException("at most " + MAX_NEIGHBORS + " neighbors per packet, got " + nodes.size());
            }
            if (nodes.size() > total) {
                throw new IllegalArgumentException(nodes.size() + " neighbors in a packet of an answer of " + total);
            }
        }

        /** A whole answer in one packet. */
        public Neighbors(List<NodeRecord> nodes) {
            this(nodes.size(), nodes);
        }

        /** {@code answer} in as few packets as hold it, in order; an empty answer is one empty packet. */
        public static List<Neighbors> split(List<NodeRecord> answer) {
            if (answer.isEmpty()) {
                return List.of(new Neighbors(0, List.of()));
            }
            List<Neighbors> parts = new ArrayList<>();
            for (int from = 0; from < answer.size(); from += MAX_NEIGHBORS) {
                parts.add(new Neighbors(answer.size(), answer.subList(from, Math.min(answer.size(), from + MAX_NEIGHBORS))));
            }
            return parts;
        }

        @Override
        public byte type() {
            return NEIGHBORS;
        }
    }

    private static void checkTcpPort(int tcpPort) {
        if (tcpPort < 0 || tcpPort > NodeRecord.MAX_PORT) {
            throw new IllegalArgumentException("TCP port must be 0.." + NodeRecord.MAX_PORT + ", got " + tcpPort);
        }
    }
}
