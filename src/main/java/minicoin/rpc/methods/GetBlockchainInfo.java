package minicoin.rpc.methods;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import minicoin.bus.BusAddresses;
import minicoin.config.NodeConfig.Network;
import minicoin.core.ProofOfWork;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblockchaininfo} → the chain's state with Core's keys: chain, blocks, headers,
 * bestblockhash, bits, target, difficulty, time, mediantime, verificationprogress,
 * initialblockdownload, chainwork, pruned, warnings (docs/rpc.md says which are estimates).
 */
public final class GetBlockchainInfo implements RpcMethod {

    /** Core's DEFAULT_MAX_TIP_AGE: a node whose tip is older than this is still catching up. */
    static final Duration MAX_TIP_AGE = Duration.ofHours(24);
    /** Difficulty 1: Bitcoin's easiest target (bits 0x1d00ffff), whatever this network's minimum is, as Core. */
    private static final BigDecimal DIFFICULTY_ONE_TARGET = new BigDecimal(ProofOfWork.decodeBits(0x1d00ffffL));
    /** A double's precision, as Core computes difficulty: regtest's is 4.656542373906925e-10, not 0. */
    private static final MathContext DIFFICULTY_PRECISION = MathContext.DECIMAL64;
    /** Core prints work and targets as 256-bit numbers: 64 hex digits. */
    private static final int HEX_256_DIGITS = 64;

    private final ParamSpec params = ParamSpec.none();
    private final Network network;
    private final Clock clock;

    public GetBlockchainInfo(Network network, Clock clock) {
        this.network = Objects.requireNonNull(network, "network");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "getblockchaininfo";
    }

    @Override
    public String description() {
        return "Returns the state of the block chain: height, best block, difficulty, work, sync progress.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        return call.bus().request(BusAddresses.CHAIN_INFO, new JsonObject()).map(this::shape);
    }

    JsonObject shape(JsonObject info) {
        int height = info.getInteger("height");
        String bits = info.getString("bits");
        Long tipTime = info.getLong("time");
        // Core's "headers" is the best header's height; "headers" of chain.info counts index entries.
        long bestHeader = Math.max(height, info.getLong("bestHeaderHeight", (long) height));
        boolean behindHeaders = bestHeader > height;
        // Core's rule (an old tip means catching up) plus ours: blocks still to fetch below a known header.
        boolean catchingUp = tipTime == null || behindHeaders
                || tipTime < clock.instant().minus(MAX_TIP_AGE).getEpochSecond();
        // Core estimates it from transaction counts; ours: blocks connected over blocks known to exist.
        double progress;
        if (height < 0) {
            progress = 0.0;
        } else {
            progress = Math.min(1.0, (height + 1.0) / (bestHeader + 1.0));
        }
        return new JsonObject()
                .put("chain", network.id())
                .put("blocks", height)
                .put("headers", bestHeader)
                .put("bestblockhash", info.getString("bestHash"))
                .put("bits", bits)
                .put("target", hex256(ProofOfWork.decodeBits(Long.parseLong(bits, 16))))
                .put("difficulty", difficulty(Long.parseLong(bits, 16)))
                .put("time", tipTime)
                .put("mediantime", info.getLong("medianTime"))
                .put("verificationprogress", progress)
                .put("initialblockdownload", catchingUp)
                .put("chainwork", hex256(new BigInteger(info.getString("chainWork", "0"), 16)))
                .put("pruned", false)
                .put("warnings", "");
    }

    /** The difficulty of {@code bits}: how many times harder than difficulty 1. */
    static double difficulty(long bits) {
        return DIFFICULTY_ONE_TARGET.divide(new BigDecimal(ProofOfWork.decodeBits(bits)), DIFFICULTY_PRECISION).doubleValue();
    }

    static String hex256(BigInteger value) {
        String hex = value.toString(16);
        return "0".repeat(Math.max(0, HEX_256_DIGITS - hex.length())) + hex;
    }
}
