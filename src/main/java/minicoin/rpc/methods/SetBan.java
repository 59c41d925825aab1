package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Objects;
import minicoin.bus.BusAddresses;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code setban subnet add|remove [bantime] [absolute]} → null, as Core's ({@code p2p.setBan}):
 * {@code subnet} is an IP address or a subnet ("1.2.3.4", "1.2.3.0/24", "2001:db8::/32"; no host
 * names). {@code add} bans it for {@code bantime} seconds (default and 0: 24 h, Core's
 * {@code -bantime}), or until the Unix time {@code bantime} if {@code absolute}, and closes the
 * connections inside it; {@code remove} lifts it. Bans hold for inbound connections, dials and
 * handshakes alike, loopback included, until the node restarts (they are not saved: Core keeps
 * banlist.json). Errors as Core's: -30 "Error: Invalid IP/Subnet", -23 "Error: IP/Subnet already
 * banned", -30 "Error: Unban failed. ..."; -8 for an absolute time already past, or more than
 * p2p.BanList.MAX_SUBNET_BANS bans.
 */
public final class SetBan implements RpcMethod {

    /** Core's default -bantime: a day. */
    static final long DEFAULT_BAN_SECONDS = 24 * 60 * 60;
    /** "ffff:...:ffff/128" is 43 characters; anything longer is no subnet. */
    private static final int MAX_SUBNET_CHARS = 64;

    private final Clock clock;
    private final ParamSpec params = ParamSpec.of(
            required("subnet", new JsonObject().put("type", "string").put("minLength", 1).put("maxLength", MAX_SUBNET_CHARS)
                    .put("description", "an IP address or subnet, 1.2.3.4 or 1.2.3.0/24")),
            required("command", new JsonObject().put("type", "string").put("enum", new JsonArray().add("add").add("remove"))),
            optional("bantime", Schemas.integer(0, Schemas.MAX_SAFE_INTEGER)),
            optional("absolute", new JsonObject().put("type", "boolean")));

    /** @param clock what "now" is, for a relative ban's end */
    public SetBan(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "setban";
    }

    @Override
    public String description() {
        return "Bans (add) or unbans (remove) an IP address or subnet, closing its connections.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        JsonObject request = new JsonObject().put("subnet", call.params().getString("subnet"))
                .put("command", call.params().getString("command"));
        if ("add".equals(call.params().getString("command"))) {
            request.put("untilSeconds", untilSeconds(call.params().getLong("bantime", 0L),
                    call.params().getBoolean("absolute", false), clock.instant().getEpochSecond()));
        }
        return call.bus().request(BusAddresses.P2P_SET_BAN, request)
                .map(done -> (Object) null)
                .recover(failure -> Future.failedFuture(coreError(failure)));
    }

    /** When a ban ends, Unix seconds, as Core reads bantime and absolute. */
    static long untilSeconds(long bantime, boolean absolute, long nowSeconds) {
        if (absolute) {
            if (bantime < nowSeconds) {
                throw new RpcException(RpcError.INVALID_PARAMS, "Error: Absolute timestamp is in the past");
            }
            return bantime;
        }
        return nowSeconds + (bantime == 0 ? DEFAULT_BAN_SECONDS : bantime);
    }

    private static Throwable coreError(Throwable failure) {
        if (!(failure instanceof RpcException refused)) {
            return failure;
        }
        return switch (refused.error()) {
            case INVALID_PARAMS, NOT_FOUND -> new RpcException(RpcError.INVALID_IP_OR_SUBNET, refused.getMessage());
            case REJECTED -> refused.getMessage().contains("already banned")
                    ? new RpcException(RpcError.NODE_ALREADY_ADDED, refused.getMessage())
                    : new RpcException(RpcError.INVALID_PARAMS, refused.getMessage());
            default -> refused;
        };
    }
}
