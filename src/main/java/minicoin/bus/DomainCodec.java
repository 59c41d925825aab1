package minicoin.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import java.util.function.Function;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.CodecException;
import minicoin.core.Transaction;

/**
 * Carries one immutable domain type on the event bus: by reference inside a JVM, as its canonical
 * binary encoding (a 4-byte length, then the bytes) between cluster members. Bytes from the wire
 * are decoded as strictly as bytes from a peer.
 */
public final class DomainCodec<T> implements MessageCodec<T, T> {

    /** What turns a value into its canonical bytes and back. */
    public interface Encoding<T> {
        byte[] encode(T value);

        T decode(byte[] bytes) throws CodecException;
    }

    private final String name;
    private final Encoding<T> encoding;

    public DomainCodec(String name, Encoding<T> encoding) {
        this.name = name;
        this.encoding = encoding;
    }

    /** Reads a value back from its canonical bytes, as strictly as from a peer. */
    public interface Decoder<T> {
        T decode(byte[] bytes) throws CodecException;
    }

    /**
     * Registers the codecs of the core domain types that travel on the bus; every JVM of a node
     * calls this (and each service package registers its own payload types beside them).
     */
    public static void registerAll(EventBus bus) {
        register(bus, Block.class, "minicoin.Block", Block::encode, Block::decode);
        register(bus, Transaction.class, "minicoin.Transaction", Transaction::encode, Transaction::decode);
        register(bus, BlockHeader.class, "minicoin.BlockHeader", BlockHeader::encode, BlockHeader::decode);
    }

    /** Makes {@code type} travel on {@code bus} by reference locally and as its encoding across the cluster. */
    public static <T> void register(EventBus bus, Class<T> type, String name, Function<T, byte[]> encoder,
            Decoder<T> decoder) {
        bus.registerDefaultCodec(type, new DomainCodec<>(name, new Encoding<>() {
            public byte[] encode(T value) {
                return encoder.apply(value);
            }

            public T decode(byte[] bytes) throws CodecException {
                return decoder.decode(bytes);
            }
        }));
    }

    @Override
    public void encodeToWire(Buffer buffer, T value) {
        byte[] bytes = encoding.encode(value);
        buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public T decodeFromWire(int position, Buffer buffer) {
        int length = buffer.getInt(position);
        if (length < 0 || position + 4 + length > buffer.length()) {
            throw new IllegalArgumentException(name + ": length " + length + " does not fit the message");
        }
        try {
            return encoding.decode(buffer.getBytes(position + 4, position + 4 + length));
        } catch (CodecException e) {
            throw new IllegalArgumentException(name + " from the cluster does not decode: " + e.getMessage(), e);
        }
    }

    @Override
    public T transform(T value) {
        return value;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }
}
