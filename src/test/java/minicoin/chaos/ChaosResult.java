package minicoin.chaos;

import java.util.List;
import java.util.Map;

/**
 * What a chaos run found: the invariants, how long the nodes took to share one tip after each
 * repair ({@code convergences}), and the records they were checked on.
 */
public record ChaosResult(
        ChaosConfig config,
        List<InvariantResult> invariants,
        List<String> convergences,
        List<Round> rounds,
        List<String> timeline,
        List<Payment> payments,
        Map<String, Integer> refusals,
        long worstSampledHeapBytes,
        long blocks) {

    public boolean allHeld() {
        return invariants.stream().allMatch(InvariantResult::held);
    }

    public List<InvariantResult> broken() {
        return invariants.stream().filter(result -> !result.held()).toList();
    }

    public InvariantResult invariant(String name) {
        return invariants.stream().filter(result -> result.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no invariant " + name));
    }
}
