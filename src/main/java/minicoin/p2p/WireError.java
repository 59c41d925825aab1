package minicoin.p2p;

/** Why bytes from a peer are not a valid frame or message; the peer layer scores each one. */
public enum WireError {
    /** The frame is for another network (or the stream is out of step). */
    WRONG_MAGIC,
    /** The announced payload length is over the frame cap or the message type's own cap. */
    OVERSIZED,
    /** The payload does not hash to the checksum in the header. */
    BAD_CHECKSUM,
    /** The type byte names no message this protocol knows. */
    UNKNOWN_TYPE,
    /** The payload is not the one canonical encoding of a message of its type. */
    MALFORMED_PAYLOAD
}
