package minicoin.chaos;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The coin supply of a chain, recomputed outside the node: its blocks replayed in height order
 * (getblockview at verbosity 2), each spend taken out of a UTXO set of its own and each output put in.
 * The supply must then be the subsidy times the blocks, since every fee paid comes back in a
 * coinbase: no more (coins made from nothing) and, as Minicoin's miner claims every fee, no less.
 *
 * <p>Each node's own UTXO total, Bitcoin Core's {@code gettxoutsetinfo} {@code total_amount}, is
 * compared with this replay's when the node's {@code bestblock} is the replayed tip
 * ({@link #compareNodeTotal}): the replay checks every rule on the way, the node's figure checks the
 * node's own coin set.
 */
public final class SupplyAudit {

    private final long subsidy;
    private final Map<String, Long> unspent = new HashMap<>();
    private final Set<String> txids = new HashSet<>();
    private final List<String> errors = new ArrayList<>();
    private long blocks;
    private int nodeTotalsCompared;
    private long total;
    private long fees;

    public SupplyAudit(long subsidy) {
        this.subsidy = subsidy;
    }

    /** The next block of the chain, as getblockview (Minicoin's own view) at verbosity 2 answers it. */
    public void connect(JsonObject block) {
        long blockFees = 0;
        long coinbaseOut = 0;
        for (Object item : block.getJsonArray("transactions")) {
            JsonObject tx = (JsonObject) item;
            String txid = tx.getString("txid");
            txids.add(txid);
            long out = 0;
            for (Object o : tx.getJsonArray("outputs")) {
                JsonObject output = (JsonObject) o;
                long value = output.getLong("value");
                out += value;
                unspent.put(txid + ":" + output.getInteger("index"), value);
            }
            if (tx.getBoolean("coinbase")) {
                coinbaseOut += out;
                continue;
            }
            long in = 0;
            for (Object i : tx.getJsonArray("inputs")) {
                JsonObject input = (JsonObject) i;
                Long spent = unspent.remove(input.getString("txid") + ":" + input.getInteger("index"));
                if (spent == null) {
                    errors.add("block " + block.getLong("height") + " tx " + txid + " spends " + input.getString("txid")
                            + ":" + input.getInteger("index") + ", which is not unspent");
                } else {
                    in += spent;
                }
            }
            if (in < out) {
                errors.add("tx " + txid + " pays out " + out + " from " + in);
            }
            blockFees += in - out;
        }
        if (coinbaseOut > subsidy + blockFees) {
            errors.add("block " + block.getLong("height") + " claims " + coinbaseOut + " for a subsidy of " + subsidy
                    + " and fees of " + blockFees);
        }
        total += coinbaseOut - blockFees;
        fees += blockFees;
        blocks++;
    }

    public long blocks() {
        return blocks;
    }

    /** The sum of the unspent outputs. */
    public long utxoTotal() {
        return unspent.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What the chain may have made: the subsidy of every block. */
    public long expectedSupply() {
        return subsidy * blocks;
    }

    public long feesPaid() {
        return fees;
    }

    public boolean confirms(String txid) {
        return txids.contains(txid);
    }

    /** The value of one unspent output, or null when the chain holds no such unspent output. */
    public Long unspentValue(String txid, int index) {
        return unspent.get(txid + ":" + index);
    }

    /**
     * A node's {@code gettxoutsetinfo}: its {@code total_amount} must equal the replay's UTXO total
     * when its {@code bestblock} is the replayed tip {@code tip}; a node elsewhere is not compared.
     */
    public void compareNodeTotal(String node, String bestBlock, String tip, java.math.BigDecimal totalAmount) {
        if (!tip.equals(bestBlock)) {
            return;
        }
        nodeTotalsCompared++;
        if (totalAmount.compareTo(java.math.BigDecimal.valueOf(utxoTotal())) != 0) {
            errors.add(node + "'s gettxoutsetinfo total_amount is " + totalAmount + ", the replay's UTXO total " + utxoTotal());
        }
    }

    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Held when the UTXO total is the subsidy times the blocks, the running total agrees and no block broke a rule. */
    public InvariantResult check() {
        long utxo = utxoTotal();
        boolean held = errors.isEmpty() && utxo == expectedSupply() && total == utxo;
        String evidence = blocks + " blocks, UTXO total " + utxo + ", subsidy × blocks " + expectedSupply()
                + ", fees paid and claimed " + fees + ", " + nodeTotalsCompared + " node(s)' gettxoutsetinfo total_amount compared"
                + (errors.isEmpty() ? "" : "; " + errors.size() + " errors, first: " + errors.get(0));
        return new InvariantResult("supply", held, evidence);
    }
}
