package minicoin.chain;

/** Code that breaks a layering rule on purpose, so ArchitectureTest can show the rule catches it. */
public final class ArchitectureViolations {

    private ArchitectureViolations() {
    }

    /** The chain is a plain class: a Vert.x type in it breaks the rule. */
    public static final class UsesVertx {
        public io.vertx.core.json.JsonObject json() {
            return new io.vertx.core.json.JsonObject();
        }
    }

    /** The chain is below the wallet, not beside it. */
    public static final class UsesWallet {
        public Class<?> wallet() {
            return minicoin.wallet.WalletStore.class;
        }
    }
}
