package minicoin.core;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import minicoin.crypto.PublicKey;

/**
 * JSON views of headers, blocks and transactions as plain maps and lists (strings, numbers,
 * booleans), which any JSON library can write: hashes in display order, values in coins,
 * addresses instead of key hashes.
 */
public final class JsonView {

    private JsonView() {
    }

    public static Map<String, Object> header(BlockHeader header, OptionalLong height) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hash", header.hash().toString());
        height.ifPresent(h -> json.put("height", h));
        json.put("version", header.version());
        json.put("prevHash", header.prevHash().toString());
        json.put("merkleRoot", header.merkleRoot().toString());
        json.put("time", header.time());
        json.put("bits", ProofOfWork.hex(header.bits()));
        json.put("nonce", header.nonce());
        return json;
    }

    public static Map<String, Object> block(Block block, OptionalLong height) {
        Map<String, Object> json = header(block.header(), height);
        json.put("size", block.size());
        List<Object> transactions = new ArrayList<>();
        for (Transaction tx : block.transactions()) {
            transactions.add(transaction(tx));
        }
        json.put("transactions", transactions);
        return json;
    }

    public static Map<String, Object> transaction(Transaction tx) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("txid", tx.txid().toString());
        json.put("hash", tx.fullHash().toString());
        json.put("size", tx.size());
        json.put("version", tx.version());
        json.put("lockTime", tx.lockTime());
        json.put("coinbase", tx.isCoinbase());
        List<Object> inputs = new ArrayList<>();
        for (TxIn input : tx.inputs()) {
            inputs.add(tx.isCoinbase() ? coinbaseInput(tx, input) : input(input));
        }
        json.put("inputs", inputs);
        List<Object> outputs = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < tx.outputs().size(); i++) {
            TxOut output = tx.outputs().get(i);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("index", i);
            out.put("value", output.value());
            out.put("address", output.address().toString());
            outputs.add(out);
            total += output.value();
        }
        json.put("outputs", outputs);
        json.put("totalOut", total);
        return json;
    }

    private static Map<String, Object> coinbaseInput(Transaction tx, TxIn input) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("coinbase", input.publicKey().hex());
        tx.coinbaseHeight().ifPresent(h -> json.put("height", h));
        return json;
    }

    private static Map<String, Object> input(TxIn input) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("txid", input.prevOut().txid().toString());
        json.put("index", input.prevOut().index());
        try {
            json.put("address", PublicKey.fromBytes(input.publicKey().toArray()).address().toString());
        } catch (IllegalArgumentException e) {
            json.put("address", null);
        }
        json.put("publicKey", input.publicKey().hex());
        json.put("signature", input.signature().hex());
        return json;
    }
}
