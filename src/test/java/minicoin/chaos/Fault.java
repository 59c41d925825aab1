package minicoin.chaos;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** One step of a fault schedule, {@code atMillis} after the run's start. */
public sealed interface Fault {

    long atMillis();

    /** Every link between two groups is cut; links inside a group stay. */
    record Partition(long atMillis, List<Set<Integer>> groups) implements Fault {
        public Partition {
            groups = groups.stream().map(Set::copyOf).toList();
        }

        @Override
        public String toString() {
            return "partition " + groups.stream().map(group -> group.stream().sorted().map(i -> "n" + i)
                    .collect(Collectors.joining(",", "{", "}"))).collect(Collectors.joining(" | "));
        }
    }

    /** Every cut link is restored. */
    record Heal(long atMillis) implements Fault {
        @Override
        public String toString() {
            return "heal";
        }
    }

    /** SIGKILL. */
    record Kill(long atMillis, int node) implements Fault {
        @Override
        public String toString() {
            return "SIGKILL n" + node;
        }
    }

    /** The killed node starts again on its data. */
    record Restart(long atMillis, int node) implements Fault {
        @Override
        public String toString() {
            return "restart n" + node;
        }
    }

    /** Every link to and from the node takes {@code shape}. */
    record SlowLinks(long atMillis, int node, LinkShape shape) implements Fault {
        @Override
        public String toString() {
            return "slow links of n" + node + " (" + shape + ")";
        }
    }

    /** The node's links take the run's base shape again. */
    record RestoreLinks(long atMillis, int node) implements Fault {
        @Override
        public String toString() {
            return "links of n" + node + " restored";
        }
    }

    /**
     * SIGKILL, the chain data deleted (the wallet restored from a backup taken just before, as an
     * operator restores one), and a start that syncs the whole chain from its peers again.
     */
    record Wipe(long atMillis, int node) implements Fault {
        @Override
        public String toString() {
            return "wipe n" + node + " (chain deleted, wallet from backup)";
        }
    }
}
