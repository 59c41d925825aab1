package minicoin.p2p;

import java.util.Arrays;
import java.util.Objects;
import minicoin.core.ByteWriter;
import minicoin.crypto.Hashes;

/**
 * One frame of the peer protocol: magic (4 bytes), type (1 byte), payload length (u32), checksum
 * (first 4 bytes of the payload's double SHA-256), payload. Integers are little-endian, as in the
 * rest of the codec.
 */
public final class Frame {

    /** Magic, type, length and checksum. */
    public static final int HEADER_BYTES = 4 + 1 + 4 + 4;
    /**
     * Hard cap on any payload, 2 MiB: a full block of the largest network (1,000,000 bytes on
     * every network today) with room to spare, yet small enough that a hostile peer cannot make us
     * hold much. A network with bigger blocks must raise this; a test guards it.
     */
    public static final int MAX_FRAME_PAYLOAD_BYTES = 2 * 1024 * 1024;

    private final int magic;
    private final MessageType type;
    private final byte[] payload;

    private Frame(int magic, MessageType type, byte[] payload) {
        this.magic = magic;
        this.type = Objects.requireNonNull(type, "type");
        this.payload = payload;
        if (payload.length > type.maxPayloadBytes()) {
            throw new IllegalArgumentException(type + " payload of " + payload.length
                    + " bytes exceeds its cap of " + type.maxPayloadBytes());
        }
    }

    /** A frame of {@code payload} (copied); fails if the payload is over its type's cap. */
    public static Frame of(int magic, MessageType type, byte[] payload) {
        return new Frame(magic, type, payload.clone());
    }

    /** Frames {@code message} for the network with this magic; fails if it is over its type's cap. */
    public static Frame of(int magic, Message message) {
        return new Frame(magic, message.type(), message.encode());
    }

    /** Takes ownership of {@code payload}, for the decoder, which has just built the array. */
    static Frame owning(int magic, MessageType type, byte[] payload) {
        return new Frame(magic, type, payload);
    }

    public int magic() {
        return magic;
    }

    public MessageType type() {
        return type;
    }

    public byte[] payload() {
        return payload.clone();
    }

    public int payloadLength() {
        return payload.length;
    }

    byte[] unsafePayload() {
        return payload;
    }

    /** The checksum as the header carries it: the first 4 digest bytes read as a little-endian int. */
    static int checksum(byte[] payload, int length) {
        byte[] digest = Hashes.doubleSha256(payload, 0, length);
        return (digest[0] & 0xff) | (digest[1] & 0xff) << 8 | (digest[2] & 0xff) << 16 | (digest[3] & 0xff) << 24;
    }

    /** Header and payload, ready for the socket. */
    public byte[] encode() {
        ByteWriter writer = new ByteWriter(HEADER_BYTES + payload.length);
        writer.writeInt32(magic)
                .writeByte(type.code())
                .writeUInt32(payload.length)
                .writeInt32(checksum(payload, payload.length))
                .writeBytes(payload);
        return writer.toByteArray();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Frame that && magic == that.magic && type == that.type
                && Arrays.equals(payload, that.payload);
    }

    @Override
    public int hashCode() {
        return Objects.hash(magic, type, Arrays.hashCode(payload));
    }

    @Override
    public String toString() {
        return "Frame[" + type + ", " + payload.length + " bytes]";
    }
}
