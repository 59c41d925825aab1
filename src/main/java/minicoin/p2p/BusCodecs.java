package minicoin.p2p;

import io.vertx.core.eventbus.EventBus;
import minicoin.bus.DomainCodec;

/**
 * The peer layer's payloads that travel on the event bus between the chain worker and the peer
 * layer (lists of headers and of transactions), carried as their wire payloads.
 */
public final class BusCodecs {

    private BusCodecs() {
    }

    /** Every JVM of a node calls this beside {@link DomainCodec#registerAll}. */
    public static void registerAll(EventBus bus) {
        DomainCodec.register(bus, Headers.class, "minicoin.Headers", Headers::encode, Headers::decode);
        DomainCodec.register(bus, Transactions.class, "minicoin.Transactions", Transactions::encode,
                Transactions::decode);
    }
}
