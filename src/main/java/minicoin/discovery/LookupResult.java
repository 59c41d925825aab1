package minicoin.discovery;

import java.util.List;

/**
 * The end of an iterative lookup.
 *
 * @param target  the id looked up
 * @param closest up to k nodes that answered, closest to the target first
 * @param rounds  hops the lookup took: nodes from our own table are round 1, nodes they named round 2, …
 */
public record LookupResult(NodeId target, List<NodeRecord> closest, int rounds) {

    public LookupResult {
        closest = List.copyOf(closest);
    }
}
