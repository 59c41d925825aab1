package minicoin.p2p;

import minicoin.core.CodecException;

/** Decodes a frame's payload into the message its type names. */
public final class Messages {

    private Messages() {
    }

    /** The message in {@code frame}, or {@link WireError#MALFORMED_PAYLOAD} if the payload is not one. */
    public static Message decode(Frame frame) throws WireException {
        byte[] payload = frame.unsafePayload();
        try {
            return switch (frame.type()) {
                case HANDSHAKE -> Handshake.decode(payload);
                case GET_BLOCKS -> GetBlocks.decode(payload);
                case TRANSACTIONS -> Transactions.decode(payload);
                case INV -> Inv.decode(payload);
                case GET_DATA -> GetData.decode(payload);
                case BLOCK -> BlockMessage.decode(payload);
                case GET_HEADERS -> GetHeaders.decode(payload);
                case HEADERS -> Headers.decode(payload);
                case PING -> Ping.decode(payload);
                case PONG -> Pong.decode(payload);
                case REJECT -> Reject.decode(payload);
                case NODE_PROOF -> NodeProof.decode(payload);
            };
        } catch (CodecException e) {
            throw new WireException(WireError.MALFORMED_PAYLOAD, frame.type() + ": " + e.getMessage());
        }
    }
}
