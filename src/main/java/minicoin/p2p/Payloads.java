package minicoin.p2p;

import minicoin.core.ByteReader;
import minicoin.core.CodecException;

/** Small pieces shared by the message codecs. */
final class Payloads {

    private Payloads() {
    }

    /** A reader over a whole payload, refusing anything over the type's cap first. */
    static ByteReader reader(byte[] payload, MessageType type) throws CodecException {
        if (payload.length > type.maxPayloadBytes()) {
            throw new CodecException(type + " payload of " + payload.length + " bytes exceeds its cap of "
                    + type.maxPayloadBytes());
        }
        return new ByteReader(payload);
    }

    /** CompactSize length of a count below 0xfd. */
    static final int COUNT_BYTES_BELOW_0XFD = 1;
    /** CompactSize length of a count from 0xfd to 0xffff. */
    static final int COUNT_BYTES_UP_TO_0XFFFF = 3;
}
