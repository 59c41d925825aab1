package minicoin.p2p;

import java.util.List;
import java.util.Objects;
import minicoin.core.ByteReader;
import minicoin.core.ByteWriter;
import minicoin.core.CodecException;
import minicoin.core.Hash;

/**
 * One announced or requested item: a transaction (by txid) or a block (by hash).
 */
public record InvItem(Kind kind, Hash hash) {

    /** The item's kind; the code is its byte on the wire. */
    public enum Kind {
        TX(1),
        BLOCK(2);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind fromCode(int code) throws CodecException {
            for (Kind kind : values()) {
                if (kind.code == code) {
                    return kind;
                }
            }
            throw new CodecException("unknown inventory kind " + code);
        }
    }

    public static final int BYTES = 1 + Hash.BYTES;
    /**
     * Items per INV or GET_DATA, Bitcoin's 50,000: a burst of relay fits in one message, and at
     * 33 bytes an item the message stays under the frame cap.
     */
    public static final int MAX_ITEMS = 50_000;
    public static final int MAX_LIST_BYTES = Payloads.COUNT_BYTES_UP_TO_0XFFFF + MAX_ITEMS * BYTES;

    public InvItem {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(hash, "hash");
    }

    public static InvItem tx(Hash txid) {
        return new InvItem(Kind.TX, txid);
    }

    public static InvItem block(Hash hash) {
        return new InvItem(Kind.BLOCK, hash);
    }

    static List<InvItem> checkList(List<InvItem> items) {
        List<InvItem> copy = List.copyOf(items);
        if (copy.size() > MAX_ITEMS) {
            throw new IllegalArgumentException("at most " + MAX_ITEMS + " inventory items, not " + copy.size());
        }
        return copy;
    }

    static void writeList(ByteWriter writer, List<InvItem> items) {
        writer.writeCompactSize(items.size());
        for (InvItem item : items) {
            writer.writeByte(item.kind.code).writeHash(item.hash);
        }
    }

    static List<InvItem> readList(ByteReader reader, String what) throws CodecException {
        int count = reader.readCount(MAX_ITEMS, BYTES, what + " item count");
        InvItem[] items = new InvItem[count];
        for (int i = 0; i < count; i++) {
            Kind kind = Kind.fromCode(reader.readByte(what + " item kind"));
            items[i] = new InvItem(kind, reader.readHash(what + " item hash"));
        }
        return List.of(items);
    }
}
