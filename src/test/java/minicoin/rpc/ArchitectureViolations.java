package minicoin.rpc;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** Only the launcher's own package may use node: a service reaching up into it breaks the rule. */
    public static final class UsesNode {
        public Class<?> node() {
            return minicoin.node.NodeVerticle.class;
        }
    }
}
