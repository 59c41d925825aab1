package minicoin.rpc.methods;

import static minicoin.rpc.ParamSpec.optional;
import static minicoin.rpc.ParamSpec.required;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import minicoin.bus.BusAddresses;
import minicoin.core.Transaction;
import minicoin.rpc.ParamSpec;
import minicoin.rpc.ParamSpec.Schemas;
import minicoin.rpc.RpcCall;
import minicoin.rpc.RpcMethod;

/**
 * {@code sendrawtransaction hexstring [maxfeerate] [maxburnamount]} → the txid, as Core's: the
 * transaction is decoded here (-22 "TX decode failed"), then offered to the mempool
 * ({@code chain.submitRawTx}) and announced to the peers as one the wallet made. A refusal is -26
 * "CODE: reason", or -25 when its coins are not there. Core's fee-rate and burn caps are accepted
 * and not applied: Minicoin's outputs cannot burn coins, and its relay policy already bounds fees.
 */
public final class SendRawTransaction implements RpcMethod {

    private final ParamSpec params = ParamSpec.of(
            required("hexstring", RawTransactionHex.schema()),
            optional("maxfeerate", new JsonObject().put("type", "number").put("minimum", 0)),
            optional("maxburnamount", new JsonObject().put("type", "number").put("minimum", 0)
                    .put("maximum", Schemas.MAX_SAFE_INTEGER)));

    @Override
    public String name() {
        return "sendrawtransaction";
    }

    @Override
    public String description() {
        return "Offers a transaction in hex to the mempool and the peers; returns its txid.";
    }

    @Override
    public ParamSpec params() {
        return params;
    }

    @Override
    public Future<?> execute(RpcCall call) {
        String hex = call.params().getString("hexstring");
        Transaction tx = CoreTransactionView.decode(hex);
        return call.bus().request(BusAddresses.CHAIN_SUBMIT_RAW_TX, new JsonObject().put("hex", hex))
                .map(reply -> reply.getString("txid", tx.txid().toString()));
    }
}
