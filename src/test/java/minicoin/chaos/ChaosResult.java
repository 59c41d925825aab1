package minicoin.chaos;

import java.util.List;
import java.util.Map;

/** What a chaos run found: the invariants, and the records they were checked on. */
public record ChaosResult(
        ChaosConfig config,
        List<InvariantResult> invariants,
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
