package minicoin.node.codec;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import minicoin.core.Block;
import minicoin.core.BlockHeader;
import minicoin.core.CodecException;
import minicoin.core.Transaction;
import minicoin.p2p.Headers;
import minicoin.p2p.Transactions;

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

    /** Registers the codecs of every domain type that travels on the bus; every JVM of a node calls this. */
    public static void registerAll(EventBus bus) {
        bus.registerDefaultCodec(Block.class, new DomainCodec<>("minicoin.Block", new Encoding<>() {
            public byte[] encode(Block value) {
                return value.encode();
            }

            public Block decode(byte[] bytes) throws CodecException {
                return Block.decode(bytes);
            }
        }));
        bus.registerDefaultCodec(Transaction.class, new DomainCodec<>("minicoin.Transaction", new Encoding<>() {
            public byte[] encode(Transaction value) {
                return value.encode();
            }

            public Transaction decode(byte[] bytes) throws CodecException {
                return Transaction.decode(bytes);
            }
        }));
        bus.registerDefaultCodec(BlockHeader.class, new DomainCodec<>("minicoin.BlockHeader", new Encoding<>() {
            public byte[] encode(BlockHeader value) {
                return value.encode();
            }

            public BlockHeader decode(byte[] bytes) throws CodecException {
                return BlockHeader.decode(bytes);
            }
        }));
        // Lists of headers and transactions between the chain worker and the peer layer, as their wire payloads.
        bus.registerDefaultCodec(Headers.class, new DomainCodec<>("minicoin.Headers", new Encoding<>() {
            public byte[] encode(Headers value) {
                return value.encode();
            }

            public Headers decode(byte[] bytes) throws CodecException {
                return Headers.decode(bytes);
            }
        }));
        bus.registerDefaultCodec(Transactions.class, new DomainCodec<>("minicoin.Transactions", new Encoding<>() {
            public byte[] encode(Transactions value) {
                return value.encode();
            }

            public Transactions decode(byte[] bytes) throws CodecException {
                return Transactions.decode(bytes);
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
