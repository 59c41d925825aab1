package minicoin.p2p;

import java.util.Objects;
import minicoin.core.Block;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** One full block, sent in answer to a {@link GetData}; bounded by the frame cap. */
public record BlockMessage(Block block) implements Message {

    public BlockMessage {
        Objects.requireNonNull(block, "block");
    }

    @Override
    public MessageType type() {
        return MessageType.BLOCK;
    }

    @Override
    public void write(ByteWriter writer) {
        writer.writeBytes(block.encode());
    }

    @Override
    public byte[] encode() {
        return block.encode();
    }

    public static BlockMessage decode(byte[] payload) throws CodecException {
        Payloads.reader(payload, MessageType.BLOCK);
        return new BlockMessage(Block.decode(payload));
    }
}
