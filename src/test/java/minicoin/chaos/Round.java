package minicoin.chaos;

import java.util.List;

/** Every node's state at one moment of the run, {@code atMillis} after its start. */
public record Round(long atMillis, List<NodeState> nodes) {

    public Round {
        nodes = List.copyOf(nodes);
    }

    /** Whether every node is up and all share one tip. */
    public boolean allAgree() {
        return nodes.stream().allMatch(NodeState::up) && nodes.stream().map(NodeState::tip).distinct().count() == 1;
    }

    public String heights() {
        StringBuilder text = new StringBuilder();
        for (NodeState state : nodes) {
            text.append(text.isEmpty() ? "" : ", ").append('n').append(state.node()).append('=')
                    .append(state.up() ? state.height() + "/" + shortHash(state.tip()) : "down");
        }
        return text.toString();
    }

    static String shortHash(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }
}
