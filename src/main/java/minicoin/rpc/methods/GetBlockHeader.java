package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Locale;
import minicoin.bus.BusAddresses;
import minicoin.core.BlockHeader;
import minicoin.core.Hash;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code getblockheader blockhash [verbose=true]}, as Core's: verbose, an object with Core's keys
 * (hash, confirmations, height, version, versionHex, merkleroot, time, mediantime, nonce, bits,
 * difficulty, chainwork, nTx, previousblockhash, nextblockhash); not verbose, the 80-byte header in
 * hex. An unknown hash is Core's -5 "Block not found".
 */
public final class GetBlockHeader implements RpcMethod {

    /** The chain's answer with the txids, from which nTx is counted. */
    private static final int VERBOSITY_WITH_TXIDS = 1;
    /** Core's versionHex: the 32-bit version as 8 hex digits. */
    private static final String VERSION_HEX_FORMAT = "%08x";

    private final ParamSpec params = ParamSpec.of(
            required("blockhash", Schemas.hash("a block hash")),
            optional("verbose", new JsonObject().put("type", "boolean")
                    .put("description", "true for an object, false for the header's hex")));

    @Override
    public String name() {
        return "getblockheader";
    }

    @Override
    public String description() {
        return "Returns a block's header: an object (verbose, the default) or its 80 bytes in hex.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String hash = call.params().getString("blockhash").toLowerCase(Locale.ROOT);
        boolean verbose = call.params().getBoolean("verbose", true);
        Future<JsonObject> block = call.bus()
                .request(BusAddresses.CHAIN_GET_BLOCK_JSON, new JsonObject().put("hash", hash).put("verbosity", VERBOSITY_WITH_TXIDS))
                .recover(failure -> Future.failedFuture(failure instanceof RpcException e && e.error() == RpcError.NOT_FOUND
                        ? new RpcException(RpcError.NOT_FOUND, "Block not found") : failure));
        if (!verbose) {
            return block.map(json -> HexFormat.of().formatHex(header(json).encode()));
        }
        return block.compose(json -> nextBlockHash(call, json).map(next -> verbose(json, next)));
    }

    /** The header the chain's JSON view describes; its hash must be the one asked for. */
    static BlockHeader header(JsonObject json) {
        BlockHeader header = new BlockHeader(json.getInteger("version"), Hash.fromHex(json.getString("prevHash")),
                Hash.fromHex(json.getString("merkleRoot")), json.getLong("time"),
                Long.parseLong(json.getString("bits"), 16), json.getLong("nonce"));
        if (!header.hash().toString().equals(json.getString("hash"))) {
            throw new RpcException(RpcError.INTERNAL_ERROR, "the chain's view of block " + json.getString("hash")
                    + " does not hash to it");
        }
        return header;
    }

    /** The main-chain block after this one, or null for the tip and for blocks off the main chain. */
    static Future<String> nextBlockHash(RpcCall call, JsonObject json) {
        Integer height = json.getInteger("height");
        if (json.getInteger("confirmations", 0) <= 1 || height == null) {
            return Future.succeededFuture(null);
        }
        return call.bus().request(BusAddresses.CHAIN_GET_BLOCK_HASH, new JsonObject().put("height", height + 1))
                .map(next -> next.getString("hash"))
                .recover(failure -> failure instanceof RpcException e && e.error() == RpcError.NOT_FOUND
                        ? Future.succeededFuture(null) : Future.failedFuture(failure));
    }

    static JsonObject verbose(JsonObject json, String nextBlockHash) {
        BlockHeader header = header(json);
        JsonArray txids = json.getJsonArray("txids", new JsonArray());
        JsonObject result = new JsonObject()
                .put("hash", json.getString("hash"))
                .put("confirmations", json.getInteger("confirmations", 0) > 0 ? json.getInteger("confirmations") : -1)
                .put("height", json.getInteger("height"))
                .put("version", header.version())
                .put("versionHex", String.format(Locale.ROOT, VERSION_HEX_FORMAT, header.version()))
                .put("merkleroot", json.getString("merkleRoot"))
                .put("time", header.time())
                .put("mediantime", json.getLong("medianTime"))
                .put("nonce", header.nonce())
                .put("bits", json.getString("bits"))
                .put("difficulty", GetBlockchainInfo.difficulty(header.bits()))
                .put("chainwork", GetBlockchainInfo.hex256(new BigInteger(json.getString("chainWork", "0"), 16)))
                .put("nTx", txids.size());
        // The genesis has no previous block: Core leaves the key out.
        if (json.getInteger("height", -1) == 0) {
            return putNext(result, nextBlockHash);
        }
        return putNext(result.put("previousblockhash", json.getString("prevHash")), nextBlockHash);
    }

    private static JsonObject putNext(JsonObject result, String nextBlockHash) {
        return nextBlockHash == null ? result : result.put("nextblockhash", nextBlockHash);
    }
}
