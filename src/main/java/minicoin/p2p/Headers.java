package minicoin.p2p;

import java.util.List;
import minicoin.core.BlockHeader;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** Main-chain headers in chain order, the answer to {@link GetHeaders}; fewer than the cap means "that is all". */
public record Headers(List<BlockHeader> headers) implements Message {

    /** Bitcoin's 2,000: 160 KB a message, and a full answer tells the requester to ask again. */
    public static final int MAX_HEADERS = 2_000;
    public static final int MAX_PAYLOAD_BYTES = Payloads.COUNT_BYTES_UP_TO_0XFFFF + MAX_HEADERS * BlockHeader.BYTES;

    public Headers {
        headers = List.copyOf(headers);
        if (headers.size() > MAX_HEADERS) {
            throw new IllegalArgumentException("at most " + MAX_HEADERS + " headers, not " + headers.size());
        }
    }

    @Override
    public MessageType type() {
        return MessageType.HEADERS;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeCompactSize(headers.size());
        for (BlockHeader header : headers) {
            header.write(writer);
        }
    }

    public static Headers decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.HEADERS);
        int count = reader.readCount(MAX_HEADERS, BlockHeader.BYTES, "headers count");
        BlockHeader[] headers = new BlockHeader[count];
        for (int i = 0; i < count; i++) {
            headers[i] = BlockHeader.read(reader);
        }
        reader.requireEnd("headers");
        return new Headers(List.of(headers));
    }
}
