package minicoin.p2p;

import java.util.List;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** Announces transactions and blocks the sender has accepted; the receiver asks with {@link GetData} for those it lacks. */
public record Inv(List<InvItem> items) implements Message {

    public static final int MAX_PAYLOAD_BYTES = InvItem.MAX_LIST_BYTES;

    public Inv {
        items = InvItem.checkList(items);
    }

    @Override
    public MessageType type() {
        return MessageType.INV;
    }

    @Override
    public void write(ByteWriter writer) {
        InvItem.writeList(writer, items);
    }

    public static Inv decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.INV);
        List<InvItem> items = InvItem.readList(reader, "inv");
        reader.requireEnd("inv");
        return new Inv(items);
    }
}
