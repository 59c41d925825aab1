package minicoin.p2p;

import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** The answer to a {@link Ping}: the same nonce, so the sender can match it and time the round trip. */
public record Pong(long nonce) implements Message {

    /** A u64 nonce and nothing else. */
    public static final int PAYLOAD_BYTES = 8;

    @Override
    public MessageType type() {
        return MessageType.PONG;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeInt64(nonce);
    }

    public static Pong decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.PONG);
        long nonce = reader.readInt64("pong nonce");
        reader.requireEnd("pong");
        return new Pong(nonce);
    }
}
