package minicoin.p2p;

import java.util.List;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * Asks for main-chain headers after the first locator hash the receiver has on its main chain,
 * up to {@link Headers#MAX_HEADERS} or the stop hash ({@link Hash#ZERO}: no stop).
 */
public record GetHeaders(List<Hash> locator, Hash stop) implements Message {

    /**
     * Bitcoin's cap: a locator (10 single steps, then doubling) needs about 10 + log2(height)
     * hashes, far below 101 for any chain we will ever see.
     */
    public static final int MAX_LOCATOR_HASHES = 101;
    public static final int MAX_PAYLOAD_BYTES =
            Payloads.COUNT_BYTES_BELOW_0XFD + MAX_LOCATOR_HASHES * Hash.BYTES + Hash.BYTES;

    public GetHeaders {
        locator = checkLocator(locator);
        Objects.requireNonNull(stop, "stop");
    }

    @Override
    public MessageType type() {
        return MessageType.GET_HEADERS;
    }

    @Override
    public void write(ByteWriter writer) {
        writeLocator(writer, locator, stop);
    }

    public static GetHeaders decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.GET_HEADERS);
        List<Hash> locator = readLocator(reader, "get_headers");
        Hash stop = reader.readHash("get_headers stop hash");
        reader.requireEnd("get_headers");
        return new GetHeaders(locator, stop);
    }

    static List<Hash> checkLocator(List<Hash> locator) {
        List<Hash> copy = List.copyOf(locator);
        if (copy.size() > MAX_LOCATOR_HASHES) {
            throw new IllegalArgumentException("a locator holds at most " + MAX_LOCATOR_HASHES + " hashes, not " + copy.size());
        }
        return copy;
    }

    static void writeLocator(ByteWriter writer, List<Hash> locator, Hash stop) {
        writer.writeCompactSize(locator.size());
        for (Hash hash : locator) {
            writer.writeHash(hash);
        }
        writer.writeHash(stop);
    }

    static List<Hash> readLocator(ByteReader reader, String what) throws CodecException {
        int count = reader.readCount(MAX_LOCATOR_HASHES, Hash.BYTES, what + " locator count");
        Hash[] hashes = new Hash[count];
        for (int i = 0; i < count; i++) {
            hashes[i] = reader.readHash(what + " locator hash");
        }
        return List.of(hashes);
    }
}
