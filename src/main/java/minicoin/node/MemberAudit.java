package minicoin.node;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Tells the operator which Hazelcast members hold no member certificate. Hazelcast's open-source
 * edition lets any process that reaches {@code cluster.port} join; with {@code cluster.tls} the event
 * bus refuses such a process's connections, but Hazelcast itself would only log the member count.
 *
 * <p>So every clustered JVM answers on {@code minicoin.cluster.member.<its Hazelcast member id>}, and a JVM
 * with {@code cluster.tls} asks each member that joins there, over the TLS bus, until it answers with
 * its own id or {@link #DEADLINE_MILLIS} pass. A member that answered holds a certificate of this
 * cluster's CA: the answer crossed a mutually authenticated connection, and only a handler on that
 * member answers for its id. One that did not is logged as a stranger, with its address; it can
 * send and receive none of the node's messages, but it can still disturb the cluster's shared maps
 * (README, <i>What a stranger can still do</i>).
 */
final class MemberAudit implements MembershipListener {

    static final String ADDRESS_PREFIX = "minicoin.cluster.member.";
    /** A member's answer travels one loopback or LAN round trip; a second is generous even on a loaded host. */
    static final long PROBE_TIMEOUT_MILLIS = 2_000;
    /** Asked again this often while its answer is not registered yet (it joins Hazelcast before its bus starts). */
    static final long PROBE_INTERVAL_MILLIS = 2_000;
    /** A member with a certificate answers within seconds of joining (ClusterTest's members on 2 busy cores: under 10 s). */
    static final long DEADLINE_MILLIS = 30_000;

    private static final Logger LOG = Logger.getLogger(MemberAudit.class.getName());

    private final Vertx vertx;
    private final Function<String, Future<JsonObject>> ask;
    private final long intervalMillis;
    private final long deadlineMillis;
    /** Members being asked, by Hazelcast id, with their probe timer. */
    private final Map<String, Long> pending = new ConcurrentHashMap<>();
    private final Set<String> certified = ConcurrentHashMap.newKeySet();
    private final Set<String> strangers = ConcurrentHashMap.newKeySet();

    /**
     * @param ask sends the probe for a member id and completes with its answer
     */
    MemberAudit(Vertx vertx, Function<String, Future<JsonObject>> ask, long intervalMillis, long deadlineMillis) {
        this.vertx = vertx;
        this.ask = ask;
        this.intervalMillis = intervalMillis;
        this.deadlineMillis = deadlineMillis;
    }

    /** An audit that asks over the (TLS) event bus. */
    static MemberAudit overBus(Vertx vertx) {
        DeliveryOptions options = new DeliveryOptions().setSendTimeout(PROBE_TIMEOUT_MILLIS);
        return new MemberAudit(vertx, id -> vertx.eventBus().<JsonObject>request(ADDRESS_PREFIX + id, new JsonObject(),
                options).map(reply -> reply.body()), PROBE_INTERVAL_MILLIS, DEADLINE_MILLIS);
    }

    /** This JVM's answer to the audits of others: its own id, for as long as it runs. */
    static MessageConsumer<JsonObject> answer(Vertx vertx, String selfId) {
        return vertx.eventBus().consumer(ADDRESS_PREFIX + selfId,
                request -> request.reply(new JsonObject().put("member", selfId)));
    }

    @Override
    public void memberAdded(MembershipEvent event) {
        joined(event.getMember());
    }

    @Override
    public void memberRemoved(MembershipEvent event) {
        left(event.getMember().getUuid().toString());
    }

    /** Starts asking {@code member}, unless it is this JVM. */
    void joined(Member member) {
        if (!member.localMember()) {
            joined(member.getUuid().toString(), member.getAddress().toString());
        }
    }

    void joined(String id, String address) {
        // Once per member: it may be reported both by the listener and by the member list read at start.
        if (certified.contains(id) || strangers.contains(id) || pending.putIfAbsent(id, -1L) != null) {
            return;
        }
        probe(id, address, System.nanoTime());
    }

    void left(String id) {
        Long timer = pending.remove(id);
        if (timer != null && timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    Set<String> certified() {
        return Set.copyOf(certified);
    }

    Set<String> strangers() {
        return Set.copyOf(strangers);
    }

    private void probe(String id, String address, long started) {
        ask.apply(id).onComplete(answer -> {
            if (!pending.containsKey(id)) {
                return;
            }
            if (answer.succeeded() && id.equals(answer.result().getString("member"))) {
                pending.remove(id);
                certified.add(id);
                LOG.info(() -> "Cluster member " + address + " (" + id + ") holds a certificate of this cluster's CA");
                return;
            }
            String why = answer.succeeded() ? "answered for " + answer.result().getString("member") : answer.cause().toString();
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
            if (elapsedMillis + intervalMillis > deadlineMillis) {
                pending.remove(id);
                strangers.add(id);
                LOG.severe(() -> "Cluster member " + address + " (" + id + ") joined Hazelcast but has not proved a"
                        + " certificate of this cluster's CA within " + deadlineMillis / 1000 + " s (last: " + why
                        + "): the event bus refuses its connections, so it can send and receive none of this node's"
                        + " messages, but it can still disturb the cluster's shared maps (subscriptions, role claims)."
                        + " Find and stop it, and open cluster.port only to members");
                return;
            }
            pending.computeIfPresent(id, (key, old) -> vertx.setTimer(intervalMillis, t -> probe(id, address, started)));
        });
    }
}
