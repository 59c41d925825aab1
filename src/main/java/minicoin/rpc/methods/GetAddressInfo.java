package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.crypto.Address;
import minicoin.crypto.AddressFormatException;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcError;
import minicoin.rpc.RpcException;
import minicoin.rpc.RpcMethod;

/**
 * {@code getaddressinfo address} → Core's object ({@code wallet.addressInfo}): {@code address},
 * {@code scriptPubKey} (the P2PKH script, as validateaddress), {@code ismine}, {@code solvable}
 * (= ismine: the wallet can sign for its own addresses only), {@code iswatchonly}, {@code isscript},
 * {@code iswitness} and {@code ischange} false, {@code labels} ([""] for the wallet's own addresses,
 * as Core's for an address made without a label; [] for others), and for an own address whose key
 * can be read {@code pubkey} (33 bytes, hex) and {@code iscompressed} true. The wallet keeps key
 * hashes, not public keys: an encrypted wallet's sealed key gives its public key only while unlocked.
 * Core's {@code desc}, {@code timestamp} and HD keys are left out (no descriptors, no HD wallet).
 * An invalid address is -5 "Invalid address", as Core.
 */
public final class GetAddressInfo implements RpcMethod {

    /** Longer than any Base58 address; the schema refuses more rather than decode it. */
    private static final int MAX_ADDRESS_CHARS = 128;

    private final ParamSpec params = ParamSpec.of(required("address", new JsonObject()
            .put("type", "string").put("maxLength", MAX_ADDRESS_CHARS).put("description", "the address to describe")));

    @Override
    public String name() {
        return "getaddressinfo";
    }

    @Override
    public String description() {
        return "Describes an address: its scriptPubKey, whether the wallet holds its key, and its public key.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        Address address;
        try {
            address = Address.parse(call.params().getString("address"));
        } catch (AddressFormatException e) {
            throw new RpcException(RpcError.BAD_ADDRESS, "Invalid address");
        }
        return call.bus().request(BusAddresses.WALLET_ADDRESS_INFO, new JsonObject().put("address", address.toString()))
                .map(info -> shape(address, info));
    }

    static JsonObject shape(Address address, JsonObject info) {
        boolean mine = info.getBoolean("mine", false);
        JsonObject shaped = new JsonObject()
                .put("address", address.toString())
                .put("scriptPubKey", ValidateAddress.scriptPubKey(address))
                .put("ismine", mine)
                .put("solvable", mine)
                .put("iswatchonly", false)
                .put("isscript", false)
                .put("iswitness", false);
        if (info.getValue("pubkey") instanceof String pubkey) {
            shaped.put("pubkey", pubkey).put("iscompressed", true);
        }
        return shaped.put("ischange", false).put("labels", mine ? new JsonArray().add("") : new JsonArray());
    }
}
