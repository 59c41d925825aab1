package minicoin;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Which package may depend on which, checked on the production classes. From the floor up:
 * {@code crypto}; {@code core}; {@code chain}; {@code wallet}; {@code bus} and {@code config}; the
 * services {@code discovery}, {@code mining}, {@code p2p} and {@code rpc}; {@code node} on top.
 * {@code cli} stands apart and speaks JSON-RPC only.
 *
 * <p>Each rule is also evaluated against a class that breaks it on purpose (the
 * {@code ArchitectureViolations} classes of the test tree), so a rule that could never fail would
 * show here.
 */
class ArchitectureTest {

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("minicoin");

    private static final String[] ABOVE_WALLET = {"minicoin.bus..", "minicoin.config..", "minicoin.discovery..",
        "minicoin.mining..", "minicoin.p2p..", "minicoin.rpc..", "minicoin.node..", "minicoin.cli.."};

    static final ArchRule CRYPTO_DEPENDS_ON_NO_OTHER_PACKAGE = classes()
            .that().resideInAPackage("minicoin.crypto..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("minicoin..")
                    .or(resideInAnyPackage("minicoin.crypto..")));

    static final ArchRule CORE_DEPENDS_ONLY_ON_CRYPTO = classes()
            .that().resideInAPackage("minicoin.core..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("minicoin..")
                    .or(resideInAnyPackage("minicoin.core..", "minicoin.crypto..")));

    static final ArchRule CHAIN_AND_WALLET_ARE_PLAIN_CLASSES = noClasses()
            .that().resideInAnyPackage("minicoin.chain..", "minicoin.wallet..")
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..")
            .orShould().dependOnClassesThat().resideInAnyPackage(ABOVE_WALLET);

    static final ArchRule CHAIN_IS_BELOW_THE_WALLET = noClasses()
            .that().resideInAPackage("minicoin.chain..")
            .should().dependOnClassesThat().resideInAPackage("minicoin.wallet..");

    static final ArchRule BUS_AND_CONFIG_DEPEND_ON_NO_SERVICE = noClasses()
            .that().resideInAnyPackage("minicoin.bus..", "minicoin.config..")
            .should().dependOnClassesThat().resideInAnyPackage("minicoin.chain..", "minicoin.wallet..",
                    "minicoin.discovery..", "minicoin.mining..", "minicoin.p2p..", "minicoin.rpc..",
                    "minicoin.node..", "minicoin.cli..");

    static final ArchRule ONLY_NODE_IMPORTS_NODE = noClasses()
            .that().resideOutsideOfPackage("minicoin.node..")
            .should().dependOnClassesThat().resideInAPackage("minicoin.node..");

    static final ArchRule CLI_SPEAKS_JSON_RPC_ONLY = classes()
            .that().resideInAPackage("minicoin.cli..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage("minicoin..")
                    .or(resideInAnyPackage("minicoin.cli..")));

    static final ArchRule NO_CYCLES_BETWEEN_PACKAGES = slices()
            .matching("minicoin.(*)..")
            .should().beFreeOfCycles();

    @Test
    void cryptoDependsOnNoOtherPackageOfOurs() {
        CRYPTO_DEPENDS_ON_NO_OTHER_PACKAGE.check(PRODUCTION);
        assertCatches(CRYPTO_DEPENDS_ON_NO_OTHER_PACKAGE, minicoin.crypto.ArchitectureViolations.UsesCore.class);
    }

    @Test
    void coreDependsOnlyOnCrypto() {
        CORE_DEPENDS_ONLY_ON_CRYPTO.check(PRODUCTION);
        assertCatches(CORE_DEPENDS_ONLY_ON_CRYPTO, minicoin.core.ArchitectureViolations.UsesChain.class);
    }

    @Test
    void chainAndWalletKnowNeitherVertxNorAnythingAboveThem() {
        CHAIN_AND_WALLET_ARE_PLAIN_CLASSES.check(PRODUCTION);
        CHAIN_IS_BELOW_THE_WALLET.check(PRODUCTION);
        assertCatches(CHAIN_AND_WALLET_ARE_PLAIN_CLASSES, minicoin.chain.ArchitectureViolations.UsesVertx.class);
        assertCatches(CHAIN_AND_WALLET_ARE_PLAIN_CLASSES, minicoin.wallet.ArchitectureViolations.UsesBus.class);
        assertCatches(CHAIN_IS_BELOW_THE_WALLET, minicoin.chain.ArchitectureViolations.UsesWallet.class);
    }

    @Test
    void busAndConfigDependOnNoService() {
        BUS_AND_CONFIG_DEPEND_ON_NO_SERVICE.check(PRODUCTION);
        assertCatches(BUS_AND_CONFIG_DEPEND_ON_NO_SERVICE, minicoin.bus.ArchitectureViolations.UsesPeerLayer.class);
        assertCatches(BUS_AND_CONFIG_DEPEND_ON_NO_SERVICE, minicoin.config.ArchitectureViolations.UsesRpc.class);
    }

    @Test
    void onlyTheLaunchersOwnPackageImportsNode() {
        ONLY_NODE_IMPORTS_NODE.check(PRODUCTION);
        assertCatches(ONLY_NODE_IMPORTS_NODE, minicoin.rpc.ArchitectureViolations.UsesNode.class);
    }

    @Test
    void theClientSpeaksJsonRpcOnly() {
        CLI_SPEAKS_JSON_RPC_ONLY.check(PRODUCTION);
        assertCatches(CLI_SPEAKS_JSON_RPC_ONLY, minicoin.cli.ArchitectureViolations.UsesCore.class);
    }

    @Test
    void noCyclesBetweenPackages() {
        NO_CYCLES_BETWEEN_PACKAGES.check(PRODUCTION);
        assertCatches(NO_CYCLES_BETWEEN_PACKAGES, minicoin.discovery.ArchitectureViolations.UsesPeerLayer.class,
                minicoin.p2p.ArchitectureViolations.UsesDiscovery.class);
    }

    /** The rule, evaluated on classes that break it on purpose, reports them. */
    private static void assertCatches(ArchRule rule, Class<?>... violators) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(violators));
        assertTrue(result.hasViolation(), () -> "the rule did not catch " + Arrays.toString(violators)
                + ": " + rule.getDescription());
    }
}
