package minicoin.node;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import minicoin.bus.BusAddresses;
import minicoin.config.ConfigException;
import minicoin.config.NodeConfig;

/**
 * A role a logical node has once: its chain (one chain store, one writer) and its wallet (one
 * wallet.db; two would answer {@code wallet.*} in turn, each with its own keys). Before the worker
 * starts, this JVM claims "role of busPrefix" in a cluster-wide map, with a time-to-live it keeps
 * renewing, and answers on an address of its own ({@code roleclaim.<member>}) for as long as it
 * lives. A second JVM with the role is refused at start. A claim whose holder no longer answers
 * there (it died, and the cluster dropped its handlers) is taken over, atomically, so a restarted
 * member need not wait for the claim to lapse; a holder that only times out (perhaps dead, but not
 * yet dropped by the cluster) is asked again for as long as the cluster takes to drop a dead
 * member. Without {@code -cluster} the map is local and the claim always succeeds.
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
    private final MessageConsumer<JsonObject> alive;
    private long renewTimer = -1;

    private RoleClaim(Vertx vertx, AsyncMap<String, String> members, String key, String member,
            MessageConsumer<JsonObject> alive) {
        this.vertx = vertx;
        this.members = members;
        this.key = key;
        this.member = member;
        this.alive = alive;
    }

    /**
     * Claims {@code role} of {@code busPrefix} for this JVM, or fails with a sentence saying who holds it.
     *
     */
    static Future<RoleClaim> acquire(Vertx vertx, BusAddresses addresses, String busPrefix, NodeConfig.Role role) {
        String key = role.id() + " of " + busPrefix;
        String member = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        // Alive-check address first, so that whoever finds our claim can ask us at once.
        MessageConsumer<JsonObject> alive = vertx.eventBus().<JsonObject>consumer(probeAddress(addresses, member),
                request -> request.reply(new JsonObject().put("member", member)));
        return alive.completion()
                .compose(registered -> vertx.sharedData().<String, String>getAsyncMap(MAP_NAME))
                .compose(map -> {
                    RoleClaim claim = new RoleClaim(vertx, map, key, member, alive);
                    return map.putIfAbsent(key, member, TTL_MILLIS).compose(holder -> holder == null || holder.equals(member)
                            ? Future.succeededFuture(claim)
                            : claim.takeOverIfGone(probeAddress(addresses, holder), holder, role, busPrefix, PROBES));
                })
                .map(claimed -> {
                    claimed.renewTimer = vertx.setPeriodic(RENEW_MILLIS, id -> claimed.renew());
                    // Alone, the claim cannot be refused and says nothing a user needs; in a cluster it names the member.
                    LOG.log(vertx.isClustered() ? Level.INFO : Level.FINE, () -> "Role '" + key + "' claimed by " + member);
                    return claimed;
                })
                .onFailure(e -> alive.unregister());
    }

    private static String probeAddress(BusAddresses addresses, String member) {
        return addresses.of("roleclaim." + member);
    }

    private Future<RoleClaim> takeOverIfGone(String probe, String holder, NodeConfig.Role role, String busPrefix,
            int probesLeft) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MILLIS);
        return vertx.eventBus().request(probe, new JsonObject(), options).transform(answer -> {
            ReplyFailure failure = answer.failed() && answer.cause() instanceof ReplyException reply
                    ? reply.failureType() : null;
            if (failure == ReplyFailure.NO_HANDLERS) {
                // Atomically, from that holder only: of two newcomers, one wins. The claim may also have lapsed meanwhile.
                // (The cluster map has no replace-with-TTL; the renewal right after sets the TTL again.)
                return members.replaceIfPresent(key, holder, member)
                        .compose(replaced -> replaced ? members.put(key, member, TTL_MILLIS).map((String) null)
                                : members.putIfAbsent(key, member, TTL_MILLIS))
                        .compose(newHolder -> {
                            if (newHolder != null && !newHolder.equals(member)) {
                                return Future.failedFuture(refusal(role, busPrefix, newHolder));
                            }
                            LOG.warning(() -> "The " + role.id() + " member " + holder + " of busPrefix '" + busPrefix
                                    + "' no longer answers; its claim is taken over");
                            return Future.succeededFuture(this);
                        });
            }
            if (failure == ReplyFailure.TIMEOUT && probesLeft > 1) {
                LOG.info(() -> "The " + role.id() + " member " + holder + " does not answer; asking again in case"
                        + " the cluster is still dropping it");
                return takeOverIfGone(probe, holder, role, busPrefix, probesLeft - 1);
            }
            return Future.failedFuture(refusal(role, busPrefix, holder));
        });
    }

    private static ConfigException refusal(NodeConfig.Role role, String busPrefix, String holder) {
        return new ConfigException("/roles", "the " + role.id() + " role of busPrefix '" + busPrefix
                + "' already runs in another member of this cluster (" + holder + "); a logical node has one "
                + role.id() + ": drop \"" + role.id() + "\" from this JVM's roles, or give it another node.busPrefix");
    }

    /** Extends our claim; if another member holds it now (a split cluster healed), says so loudly. */
    private void renew() {
        members.get(key).compose(holder -> {
            if (holder == null || holder.equals(member)) {
                return members.put(key, member, TTL_MILLIS);
            }
            LOG.severe(() -> "The claim of '" + key + "' is held by " + holder + ", not by this JVM (" + member
                    + "): two members may now run this role; stop one of them");
            return Future.succeededFuture();
        }).onFailure(e -> LOG.warning(() -> "Could not renew the claim of '" + key + "': " + e));
    }

    /** Gives the claim up (the worker stopped). */
    Future<Void> release() {
        if (renewTimer >= 0) {
            vertx.cancelTimer(renewTimer);
        }
        return Future.join(members.removeIfPresent(key, member), alive.unregister()).mapEmpty();
    }
}
