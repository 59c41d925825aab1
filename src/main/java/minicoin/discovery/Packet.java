package minicoin.discovery;

import java.util.List;
import java.util.Objects;
import minicoin.core.Bytes;
import minicoin.crypto.Hashes;

/** The four discovery packets. The envelope (magic, sender, expiry, signature) is {@link PacketCodec}'s. */
public sealed interface Packet permits Packet.Ping, Packet.Pong, Packet.FindNode, Packet.Neighbors {

    /** Records per NEIGHBORS packet: 12 of the largest records still keep a packet under 1,280 bytes. */
    int MAX_NEIGHBORS = 12;

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

    /** Answers FIND_NODE with at most {@link #MAX_NEIGHBORS} verified nodes. */
    record Neighbors(List<NodeRecord> nodes) implements Packet {
        public Neighbors {
            nodes = List.copyOf(nodes);
            if (nodes.size() > MAX_NEIGHBORS) {
                throw new IllegalArgumentException("at most " + MAX_NEIGHBORS + " neighbors per packet, got " + nodes.size());
            }
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
