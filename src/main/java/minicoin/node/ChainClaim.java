package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The one chain role of a logical node: before the chain worker starts, this JVM claims its
 * {@code busPrefix} in a cluster-wide map, with a time-to-live it keeps renewing. A second chain
 * role for the same prefix is refused at start. A claim whose holder no longer answers on the bus
 * (it crashed, and the cluster dropped its handlers) is taken over, so a restarted chain member
 * need not wait for the claim to expire. Without {@code -cluster} the map is local and the claim
 * always succeeds.
 */
final class ChainClaim {

    static final String MAP_NAME = "minicoin.chainMembers";
    /** A claim nobody renews lapses after this... */
    static final long TTL_MILLIS = 15_000;
    /** ...and its holder renews it this often. */
    static final long RENEW_MILLIS = 5_000;
    /** How long the holder of an existing claim has to answer before we decide; a live holder answers in milliseconds. */
    static final long PROBE_TIMEOUT_MILLIS = 5_000;

    private static final Logger LOG = Logger.getLogger(ChainClaim.class.getName());

    private final Vertx vertx;
    private final AsyncMap<String, String> members;
    private final String prefix;
    private final String member;
    private long renewTimer = -1;

    private ChainClaim(Vertx vertx, AsyncMap<String, String> members, String prefix, String member) {
        this.vertx = vertx;
        this.members = members;
        this.prefix = prefix;
        this.member = member;
    }

    /** Claims the chain role of {@code prefix} for this JVM, or fails with a sentence saying who holds it. */
    static Future<ChainClaim> acquire(Vertx vertx, BusAddresses addresses, String prefix) {
        String member = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return vertx.sharedData().<String, String>getAsyncMap(MAP_NAME).compose(map -> {
            ChainClaim claim = new ChainClaim(vertx, map, prefix, member);
            return map.putIfAbsent(prefix, member, TTL_MILLIS).compose(holder -> {
                if (holder == null || holder.equals(member)) {
                    return Future.succeededFuture(claim);
                }
                return claim.takeOverIfGone(addresses, holder);
            }).map(claimed -> {
                claimed.renewTimer = vertx.setPeriodic(RENEW_MILLIS, id -> claimed.renew());
                LOG.info(() -> "Chain role of busPrefix '" + prefix + "' claimed by " + member);
                return claimed;
            });
        });
    }

    private Future<ChainClaim> takeOverIfGone(BusAddresses addresses, String holder) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MILLIS);
        return vertx.eventBus().request(addresses.of(BusAddresses.CHAIN_INFO), new JsonObject(), options).transform(probe -> {
            boolean gone = probe.failed() && probe.cause() instanceof ReplyException reply
                    && reply.failureType() == ReplyFailure.NO_HANDLERS;
            if (!gone) {
                return Future.failedFuture(new ConfigException("/roles", "the chain role of busPrefix '" + prefix
                        + "' already runs in another member of this cluster (" + holder + "); a logical node has one"
                        + " chain: drop \"chain\" from this JVM's roles, or give it another node.busPrefix"));
            }
            LOG.warning(() -> "The chain member " + holder + " of busPrefix '" + prefix
                    + "' no longer answers; taking over its claim");
            return members.put(prefix, member, TTL_MILLIS).map(this);
        });
    }

    private void renew() {
        members.put(prefix, member, TTL_MILLIS)
                .onFailure(e -> LOG.warning(() -> "Could not renew the chain claim of '" + prefix + "': " + e.getMessage()));
    }

    /** Gives the claim up (the chain worker stopped). */
    Future<Void> release() {
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
        return members.removeIfPresent(prefix, member).mapEmpty();
    }
}
