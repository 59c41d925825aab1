package minicoin.discovery;

import minicoin.core.Bytes;

/** Where {@link Kademlia} sends packets. The UDP verticle signs and encodes; a simulation just queues. */
public interface Transport {

    /**
     * Sends {@code packet} to {@code to} and returns the hash the receiver will see for it (for a
     * PING, the hash its PONG must echo).
     */
    Bytes send(Packet packet, Endpoint to);
}
