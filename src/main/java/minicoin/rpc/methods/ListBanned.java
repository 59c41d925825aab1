package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code listbanned} → Core's array ({@code p2p.listBanned}): one object per ban in force,
 * {@code address} (a subnet "1.2.3.0/24"; a single address as "/32" or "/128"; a node banned for
 * misbehaviour by its proven node id is listed by the id in hex, which Core has no form for),
 * {@code ban_created}, {@code banned_until} (Unix seconds), {@code ban_duration} and
 * {@code time_remaining} (seconds). Bans for misbehaviour (docs/protocol.md) are listed with the
 * user's. Empty when this node runs no peer service.
 */
public final class ListBanned implements RpcMethod {

    private final Clock clock;
    private final ParamSpec params = ParamSpec.none();

    public ListBanned(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "listbanned";
    }

    @Override
    public String description() {
        return "Lists the banned addresses, subnets and node ids with when each ban ends.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().requestIfRunning(BusAddresses.P2P_LIST_BANNED, new JsonObject())
                .map(reply -> reply.map(banned -> shape(banned.getJsonArray("banned", new JsonArray()),
                        clock.instant().getEpochSecond())).orElseGet(JsonArray::new));
    }

    static JsonArray shape(JsonArray banned, long nowSeconds) {
        JsonArray shaped = new JsonArray();
        for (Object item : banned) {
            JsonObject ban = (JsonObject) item;
            long created = ban.getLong("createdSeconds");
            long until = ban.getLong("untilSeconds");
            shaped.add(new JsonObject().put("address", ban.getString("address")).put("ban_created", created)
                    .put("banned_until", until).put("ban_duration", until - created)
                    .put("time_remaining", Math.max(0, until - nowSeconds)));
        }
        return shaped;
    }
}
