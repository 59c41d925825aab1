package minicoin.p2p;

import minicoin.core.ByteWriter;

/**
 * A message of the peer protocol. Each is a record with its type code, caps, {@code write} and a
 * static strict {@code decode(byte[])} beside it; {@link Messages#decode(Frame)} dispatches.
 */
public sealed interface Message
        permits Handshake, GetBlocks, Transactions, Inv, GetData, BlockMessage, GetHeaders, Headers, Ping, Pong,
        Reject, NodeProof {

    MessageType type();

    /** Appends the payload's canonical encoding. */
    void write(ByteWriter writer);

    /** The payload's canonical encoding. */
    default byte[] encode() {
        ByteWriter writer = new ByteWriter();
        write(writer);
        return writer.toByteArray();
    }
}
