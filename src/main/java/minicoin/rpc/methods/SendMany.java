package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import minicoin.bus.BusAddresses;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;
import minicoin.wallet.WalletStore;

/**
 * {@code sendmany "" {"address": amount, ...} [minconf] [comment] [subtractfeefrom]} → the txid, as
 * Core's: one transaction paying every address, from the wallet address sendtoaddress would pay
 * from (the richest; coins of several addresses are not combined), the change back to it, the
 * relay minimum fee for its size added on top or, for the addresses named in
 * {@code subtractfeefrom}, shared equally among their outputs (the first takes what does not divide).
 * Errors as Core's: -5 "Invalid Bitcoin address: X", -8 for a dummy other than "", -3 for an amount
 * of 0 or less or not whole, -6 insufficient funds, -13 locked, -4 when the fee leaves an output nothing.
 */
public final class SendMany implements RpcMethod {

    /** Core's comments are a line of text; they are not stored here. */
    private static final int MAX_COMMENT_CHARS = 1024;
    /** Payees of one payment: the wallet's own bound, checked here before any work. */
    private static final int MAX_PAYEES = WalletStore.MAX_PAYEES;
    /** Longer than any Base58 address: a longer key is refused by the schema rather than decoded. */
    private static final int MAX_ADDRESS_CHARS = 128;

    private final ParamSpec params = ParamSpec.of(
            required("dummy", new JsonObject().put("type", "string").put("maxLength", MAX_ADDRESS_CHARS)
                    .put("description", "must be \"\" (Core's former account)")),
            required("amounts", new JsonObject().put("type", "object").put("minProperties", 1)
                    .put("maxProperties", MAX_PAYEES)
                    .put("propertyNames", new JsonObject().put("maxLength", MAX_ADDRESS_CHARS))
                    .put("additionalProperties", new JsonObject().put("type", "number"))
                    .put("description", "address to whole coins, 1 to " + MAX_PAYEES + " addresses")),
            optional("minconf", new JsonObject().put("type", "integer").put("minimum", 0)
                    .put("description", "accepted; the wallet spends confirmed coins first, then unconfirmed ones")),
            optional("comment", new JsonObject().put("type", "string").put("maxLength", MAX_COMMENT_CHARS)),
            optional("subtractfeefrom", new JsonObject().put("type", "array").put("maxItems", MAX_PAYEES)
                    .put("items", new JsonObject().put("type", "string").put("maxLength", MAX_ADDRESS_CHARS))));

    @Override
    public String name() {
        return "sendmany";
    }

    @Override
    public String description() {
        return "Pays several addresses in one transaction from the wallet's richest address; returns the txid.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        if (!call.params().getString("dummy").isEmpty()) {
            throw new RpcException(RpcError.INVALID_PARAMS, "Dummy value must be set to \"\"");
        }
        JsonArray outputs = outputs(call.params().getJsonObject("amounts"));
        JsonArray subtract = call.params().getJsonArray("subtractfeefrom", new JsonArray());
        return call.bus().request(BusAddresses.WALLET_LIST, new JsonObject())
                .compose(wallet -> SendToAddress.richest(call, wallet.getJsonArray("addresses", new JsonArray())))
                .compose(from -> call.bus().request(BusAddresses.WALLET_SEND, new JsonObject().put("from", from)
                        .put("outputs", outputs).put("subtractFeeFrom", subtract)))
                .map(sent -> sent.getString("txid"));
    }

    /** The wallet's outputs for Core's amounts object, each address and amount checked as Core checks them. */
    static JsonArray outputs(JsonObject amounts) {
        JsonArray outputs = new JsonArray();
        for (Map.Entry<String, Object> entry : amounts) {
            try {
                Address.parse(entry.getKey());
            } catch (AddressFormatException e) {
                throw new RpcException(RpcError.BAD_ADDRESS, "Invalid Bitcoin address: " + entry.getKey());
            }
            long amount = SendToAddress.wholeCoins((Number) entry.getValue());
            outputs.add(new JsonObject().put("address", entry.getKey()).put("amount", amount));
        }
        return outputs;
    }
}
