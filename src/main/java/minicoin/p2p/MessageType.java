package minicoin.p2p;

import java.util.Optional;

/**
 * The type byte of a frame and the largest payload each type may announce. The per-type cap lets
 * the decoder refuse, say, a PING announcing a megabyte from its header alone.
 */
public enum MessageType {
    HANDSHAKE(1, Handshake.MAX_PAYLOAD_BYTES),
    GET_BLOCKS(2, GetBlocks.MAX_PAYLOAD_BYTES),
    TRANSACTIONS(3, Frame.MAX_FRAME_PAYLOAD_BYTES),
    INV(4, Inv.MAX_PAYLOAD_BYTES),
    GET_DATA(5, GetData.MAX_PAYLOAD_BYTES),
    BLOCK(6, Frame.MAX_FRAME_PAYLOAD_BYTES),
    GET_HEADERS(7, GetHeaders.MAX_PAYLOAD_BYTES),
    HEADERS(8, Headers.MAX_PAYLOAD_BYTES),
    PING(9, Ping.PAYLOAD_BYTES),
    PONG(10, Pong.PAYLOAD_BYTES),
    REJECT(11, Reject.MAX_PAYLOAD_BYTES),
    NODE_PROOF(12, NodeProof.MAX_PAYLOAD_BYTES);

    private static final MessageType[] BY_CODE = new MessageType[256];

    static {
        for (MessageType type : values()) {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final int maxPayloadBytes;

    MessageType(int code, int maxPayloadBytes) {
        this.code = code;
        this.maxPayloadBytes = Math.min(maxPayloadBytes, Frame.MAX_FRAME_PAYLOAD_BYTES);
    }

    public int code() {
        return code;
    }

    /** The largest payload a frame of this type may announce, never above the frame cap. */
    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** The type with this code, if any; {@code code} is the unsigned type byte (0..255). */
    public static Optional<MessageType> fromCode(int code) {
        return code >= 0 && code < BY_CODE.length ? Optional.ofNullable(BY_CODE[code]) : Optional.empty();
    }
}
