package minicoin.p2p;

import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** Keep-alive: the receiver answers at once with a {@link Pong} carrying the same nonce. */
public record Ping(long nonce) implements Message {

    /** A u64 nonce and nothing else. */
    public static final int PAYLOAD_BYTES = 8;

    @Override
    public MessageType type() {
        return MessageType.PING;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeInt64(nonce);
    }

    public static Ping decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.PING);
        long nonce = reader.readInt64("ping nonce");
        reader.requireEnd("ping");
        return new Ping(nonce);
    }
}
