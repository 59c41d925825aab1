package minicoin.chaos;

/**
 * One node as one sampling round saw it; a node down or not answering is {@link #down}.
 *
 * @param heapAfterGc what the heap's last collections left (getmemoryinfo), the live data's upper bound between full collections
 */
public record NodeState(int node, boolean up, long height, String tip, int mempool, long heapUsed, long heapAfterGc) {

    public static NodeState down(int node) {
        return new NodeState(node, false, -1, "", 0, 0, 0);
    }
}
