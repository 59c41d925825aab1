package minicoin.cli;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The client speaks JSON-RPC only: linking the node's code breaks the rule. */
    public static final class UsesCore {
        public Class<?> core() {
            return minicoin.core.Block.class;
        }
    }
}
