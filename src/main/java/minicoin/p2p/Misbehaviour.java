package minicoin.p2p;

/**
 * What a peer can do wrong, with the points it costs (docs/protocol.md). A peer that reaches
 * {@link #BAN_THRESHOLD} points is disconnected and banned; some offences close the connection at
 * once whatever the score, because the byte stream or the peer's network can no longer be trusted.
 */
public enum Misbehaviour {
    WRONG_MAGIC(100, true),
    OVERSIZED(100, true),
    MALFORMED(100, true),
    BAD_CHECKSUM(50, true),
    /** Perhaps a newer peer: costs little, but the stream is out of step all the same. */
    UNKNOWN_TYPE(20, true),
    WRONG_GENESIS(100, true),
    INVALID_BLOCK(100, false),
    INVALID_HEADER(100, false),
    INVALID_TRANSACTION(10, false),
    UNSOLICITED(20, false),
    SECOND_HANDSHAKE(20, false),
    UNCONNECTED_HEADERS(20, false),
    /** A peer that talks before the handshake is not speaking our protocol: close, no points. */
    BEFORE_HANDSHAKE(0, true);

    /** Bitcoin Core's threshold: at 100 points a peer is banned. */
    public static final int BAN_THRESHOLD = 100;

    private final int points;
    private final boolean disconnects;

    Misbehaviour(int points, boolean disconnects) {
        this.points = points;
        this.disconnects = disconnects;
    }

    public int points() {
        return points;
    }

    /** Whether the connection closes at once, whatever the score. */
    public boolean disconnects() {
        return disconnects;
    }

    /** The offence of a framing or payload error. */
    public static Misbehaviour of(WireError error) {
        return switch (error) {
            case WRONG_MAGIC -> WRONG_MAGIC;
            case OVERSIZED -> OVERSIZED;
            case BAD_CHECKSUM -> BAD_CHECKSUM;
            case UNKNOWN_TYPE -> UNKNOWN_TYPE;
            case MALFORMED_PAYLOAD -> MALFORMED;
        };
    }
}
