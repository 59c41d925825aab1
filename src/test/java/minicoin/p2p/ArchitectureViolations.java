package minicoin.p2p;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The other half of the cycle in {@code minicoin.discovery.ArchitectureViolations}. */
    public static final class UsesDiscovery {
        public Class<?> discovery() {
            return minicoin.discovery.ArchitectureViolations.UsesPeerLayer.class;
        }
    }
}
