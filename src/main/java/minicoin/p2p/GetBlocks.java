package minicoin.p2p;

import java.util.List;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * The seed's block request (code 2), kept with a locator: asks for an INV of main-chain blocks
 * after the fork point, up to {@link #MAX_BLOCKS_PER_REPLY} or the stop hash. New nodes sync with
 * {@link GetHeaders} instead.
 */
public record GetBlocks(List<Hash> locator, Hash stop) implements Message {

    /** Bitcoin's 500: one INV answer, then the requester asks again from its new tip. */
    public static final int MAX_BLOCKS_PER_REPLY = 500;
    public static final int MAX_PAYLOAD_BYTES = GetHeaders.MAX_PAYLOAD_BYTES;

    public GetBlocks {
        locator = GetHeaders.checkLocator(locator);
        Objects.requireNonNull(stop, "stop");
    }

    @Override
    public MessageType type() {
        return MessageType.GET_BLOCKS;
    }

    @Override
    public void write(ByteWriter writer) {
        GetHeaders.writeLocator(writer, locator, stop);
    }

    public static GetBlocks decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.GET_BLOCKS);
        List<Hash> locator = GetHeaders.readLocator(reader, "get_blocks");
        Hash stop = reader.readHash("get_blocks stop hash");
        reader.requireEnd("get_blocks");
        return new GetBlocks(locator, stop);
    }
}
