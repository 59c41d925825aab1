package minicoin.p2p;

import java.util.List;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;

/** Asks for the transactions and blocks named, answered with {@link Transactions} and {@link BlockMessage} (unknown items are skipped). */
public record GetData(List<InvItem> items) implements Message {

    public static final int MAX_PAYLOAD_BYTES = InvItem.MAX_LIST_BYTES;

    public GetData {
        items = InvItem.checkList(items);
    }

    @Override
    public MessageType type() {
        return MessageType.GET_DATA;
    }

    @Override
    public void write(ByteWriter writer) {
        InvItem.writeList(writer, items);
    }

    public static GetData decode(byte[] payload) throws CodecException {
        ByteReader reader = Payloads.reader(payload, MessageType.GET_DATA);
        List<InvItem> items = InvItem.readList(reader, "get_data");
        reader.requireEnd("get_data");
        return new GetData(items);
    }
}
