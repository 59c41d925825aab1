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
 * A role a logical node has once: its chain (one chain.db, one writer) and its wallet (one
 * wallet.db; two would answer {@code wallet.*} in turn, each with its own keys). Before the worker
 * starts, this JVM claims "role of busPrefix" in a cluster-wide map, with a time-to-live it keeps
 * renewing. A second JVM with the role is refused at start. A claim whose holder no longer answers
 * on the bus (it died, and the cluster dropped its handlers) is taken over, so a restarted member
 * need not wait for the claim to lapse; a holder that only times out (perhaps dead, but not yet
 * dropped by the cluster) is probed again for as long as the cluster takes to drop a dead member.
 * Without {@code -cluster} the map is local and the claim always succeeds.
 */
final class RoleClaim {

    static final String MAP_NAME = "minicoin.roleMembers";
    /** A claim nobody renews lapses after this... */
    static final long TTL_MILLIS = 15_000;
    /** ...and its holder renews it this often. */
    static final long RENEW_MILLIS = 5_000;
    /** How long the holder of an existing claim has to answer a probe; a live holder answers in milliseconds. */
    static final long PROBE_TIMEOUT_MILLIS = 3_000;
    /** Probes that time out before we refuse: together longer than the cluster takes to drop a dead member. */
    static final int PROBES = (ClusterSettings.MAX_NO_HEARTBEAT_SECONDS * 1000) / (int) PROBE_TIMEOUT_MILLIS + 2;

    private static final Logger LOG = Logger.getLogger(RoleClaim.class.getName());

    private final Vertx vertx;
    private final AsyncMap<String, String> members;
    private final String key;
    private final String member;
    private long renewTimer = -1;

    private RoleClaim(Vertx vertx, AsyncMap<String, String> members, String key, String member) {
        this.vertx = vertx;
        this.members = members;
        this.key = key;
        this.member = member;
    }

    /**
     * Claims {@code role} of {@code busPrefix} for this JVM, or fails with a sentence saying who holds it.
     *
     * @param probe the bus address (one of {@link BusAddresses}) a live holder answers
     */
    static Future<RoleClaim> acquire(Vertx vertx, BusAddresses addresses, String busPrefix, NodeConfig.Role role,
            String probe) {
        String key = role.id() + " of " + busPrefix;
        String member = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return vertx.sharedData().<String, String>getAsyncMap(MAP_NAME).compose(map -> {
            RoleClaim claim = new RoleClaim(vertx, map, key, member);
            return map.putIfAbsent(key, member, TTL_MILLIS).compose(holder -> {
                if (holder == null || holder.equals(member)) {
                    return Future.succeededFuture(claim);
                }
                return claim.takeOverIfGone(addresses.of(probe), holder, role, busPrefix, PROBES);
            }).map(claimed -> {
                claimed.renewTimer = vertx.setPeriodic(RENEW_MILLIS, id -> claimed.renew());
                LOG.info(() -> "Role '" + key + "' claimed by " + member);
                return claimed;
            });
        });
    }

    private Future<RoleClaim> takeOverIfGone(String probe, String holder, NodeConfig.Role role, String busPrefix,
            int probesLeft) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MILLIS);
        return vertx.eventBus().request(probe, new JsonObject(), options).transform(answer -> {
            ReplyFailure failure = answer.failed() && answer.cause() instanceof ReplyException reply
                    ? reply.failureType() : null;
            if (failure == ReplyFailure.NO_HANDLERS) {
                LOG.warning(() -> "The " + role.id() + " member " + holder + " of busPrefix '" + busPrefix
                        + "' no longer answers; taking over its claim");
                return members.put(key, member, TTL_MILLIS).map(this);
            }
            if (failure == ReplyFailure.TIMEOUT && probesLeft > 1) {
                LOG.info(() -> "The " + role.id() + " member " + holder + " does not answer; asking again in case"
                        + " the cluster is still dropping it");
                return takeOverIfGone(probe, holder, role, busPrefix, probesLeft - 1);
            }
            return Future.failedFuture(new ConfigException("/roles", "the " + role.id() + " role of busPrefix '"
                    + busPrefix + "' already runs in another member of this cluster (" + holder + "); a logical node"
                    + " has one " + role.id() + ": drop \"" + role.id() + "\" from this JVM's roles, or give it"
                    + " another node.busPrefix"));
        });
    }

    private void renew() {
        members.put(key, member, TTL_MILLIS)
                .onFailure(e -> LOG.warning(() -> "Could not renew the claim of '" + key + "': " + e.getMessage()));
    }

    /** Gives the claim up (the worker stopped). */
    Future<Void> release() {
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
        return members.removeIfPresent(key, member).mapEmpty();
    }
}
