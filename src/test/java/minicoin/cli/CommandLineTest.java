package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    private static final String A = "1LYHd7Jk4ptVxmfJ3ZKYHLd9RUW8vLrC2Z";
    private static final String B = "19zRdrVMgvgAYEtkpD5sQMCXBhwv8frj2d";
    private static final String SEND_HINT = "usage: scripts/cli [OPTIONS] send --from ADDRESS --to ADDRESS --amount N [--fee N]";

    private static CommandLine.Invocation parse(String... args) throws UsageException {
        return CommandLine.parse(List.of(args));
    }

    private static Command command(String... args) throws UsageException {
        return parse(args).command();
    }

    private static UsageException refused(String... args) {
        return assertThrows(UsageException.class, () -> parse(args));
    }

    private static void assertRefused(String message, String... args) {
        assertEquals(message, refused(args).getMessage());
    }

    // --- verbs

    @Test
    void genesisBlockTakesNoArguments() throws UsageException {
        assertEquals(new Command.GenesisBlock(), command("genesis_block"));
    }

    @Test
    void balanceTakesAnAddress() throws UsageException {
        assertEquals(new Command.Balance(A), command("balance", A));
    }

    @Test
    void createWalletAndPrintWalletTakeNoArguments() throws UsageException {
        assertEquals(new Command.CreateWallet(), command("createwallet"));
        assertEquals(new Command.PrintWallet(), command("printwallet"));
    }

    @Test
    void sendTakesItsOptionsInAnyOrder() throws UsageException {
        Command.Send expected = new Command.Send(A, B, 100, OptionalLong.empty());

        assertEquals(expected, command("send", "--from", A, "--to", B, "--amount", "100"));
        assertEquals(expected, command("send", "--amount", "100", "--to", B, "--from", A));
        assertEquals(expected, command("send", "--from=" + A, "--to=" + B, "--amount=100"));
    }

    @Test
    void sendTakesAnOptionalFee() throws UsageException {
        assertEquals(new Command.Send(A, B, 100, OptionalLong.of(2)),
                command("send", "--from", A, "--to", B, "--amount", "100", "--fee", "2"));
        assertEquals(new Command.Send(A, B, 100, OptionalLong.of(0)),
                command("send", "--from", A, "--to", B, "--amount", "100", "--fee=0"));
    }

    @Test
    void printTakesAHeight() throws UsageException {
        assertEquals(new Command.Print(1), command("print", "1"));
        assertEquals(new Command.Print(0), command("print", "0"));
    }

    @Test
    void callTakesAMethodAndOptionalJsonParams() throws UsageException {
        assertEquals(new Command.Call("getblockcount", new JsonArray()), command("call", "getblockcount"));
        assertEquals(new Command.Call("getblock", new JsonArray().add(1).add(0)), command("call", "getblock", "[1, 0]"));
        assertEquals(new Command.Call("generate", new JsonObject().put("blocks", 3)),
                command("call", "generate", " {\"blocks\": 3} "));
    }

    // --- options

    @Test
    void defaultsToLocalNodeAndDataDirectory() throws UsageException {
        CommandLine.Invocation invocation = parse("printwallet");

        assertEquals(URI.create("http://127.0.0.1:9999/"), invocation.rpc());
        assertEquals(Path.of("./data"), invocation.dataDir());
        assertEquals(Optional.empty(), invocation.token());
    }

    @Test
    void optionsComeBeforeTheVerbInAnyOrder() throws UsageException {
        CommandLine.Invocation invocation = parse("--token", "secret", "--rpc", "http://10.0.0.2:8332/", "--data", "/tmp/node2",
                "balance", A);

        assertEquals(URI.create("http://10.0.0.2:8332/"), invocation.rpc());
        assertEquals(Path.of("/tmp/node2"), invocation.dataDir());
        assertEquals(Optional.of("secret"), invocation.token());
        assertEquals(new Command.Balance(A), invocation.command());
    }

    @Test
    void optionsTakeTheirValueAfterAnEqualsSign() throws UsageException {
        CommandLine.Invocation invocation = parse("--rpc=https://node.example:9999/", "--data=other", "--token=t0k", "printwallet");

        assertEquals(URI.create("https://node.example:9999/"), invocation.rpc());
        assertEquals(Path.of("other"), invocation.dataDir());
        assertEquals(Optional.of("t0k"), invocation.token());
    }

    @Test
    void cacertNamesTheCaToTrustForAnHttpsNode() throws UsageException {
        CommandLine.Invocation invocation = parse("--rpc", "https://10.0.0.3:9999/", "--cacert", "certs/ca.pem", "printwallet");

        assertEquals(java.util.Optional.of(java.nio.file.Path.of("certs/ca.pem")), invocation.caCert());
        assertEquals(java.util.Optional.empty(), parse("printwallet").caCert());
        assertRefused("--cacert is for an https:// node; give --rpc https://HOST:PORT/ too", "--cacert", "ca.pem",
                "printwallet");
    }

    @Test
    void helpWinsWhereverItIs() throws UsageException {
        assertInstanceOf(Command.Help.class, command("--help"));
        assertInstanceOf(Command.Help.class, command("-h"));
        assertInstanceOf(Command.Help.class, command("--rpc", "http://127.0.0.1:1/", "--help", "balance"));
        assertInstanceOf(Command.Help.class, command("send", "--help"));
        assertInstanceOf(Command.Help.class, command("--bogus", "-h"));
    }

    @Test
    void helpTextListsEveryVerbAndOption() {
        String help = CommandLine.helpText();

        for (String verb : List.of("genesis_block", "balance ADDRESS", "createwallet", "printwallet",
                "send --from ADDRESS --to ADDRESS --amount N [--fee N]", "print HEIGHT", "call METHOD [PARAMS]")) {
            assertTrue(help.contains("\n  " + verb + " ") || help.contains("\n  " + verb + "\n"), verb);
        }
        for (String option : List.of("--rpc URL", "--data DIR", "--token TOKEN", "-h, --help")) {
            assertTrue(help.contains("\n  " + option + " "), option);
        }
        assertTrue(help.endsWith("\n"));
    }

    // --- general errors

    @Test
    void refusesAnEmptyCommandLine() {
        UsageException e = refused();

        assertEquals("no verb given", e.getMessage());
        assertEquals("usage: scripts/cli [--rpc URL] [--data DIR] [--token TOKEN] VERB [ARGUMENTS]"
                + " (scripts/cli --help lists the verbs)", e.hint());
    }

    @Test
    void refusesOptionsWithoutAVerb() {
        assertRefused("no verb given", "--rpc", "http://127.0.0.1:9999/");
    }

    @Test
    void refusesAnUnknownVerb() {
        UsageException e = refused("mine");

        assertEquals("unknown verb 'mine'", e.getMessage());
        assertEquals(CommandLine.GENERAL_HINT, e.hint());
    }

    @Test
    void verbsAreCaseSensitiveAsInTheSeed() {
        assertRefused("unknown verb 'Balance'", "Balance", A);
    }

    @Test
    void refusesAnUnknownOption() {
        assertRefused("unknown option --port", "--port", "9999", "printwallet");
        assertRefused("unknown option -v", "-v", "printwallet");
    }

    @Test
    void refusesAnOptionWithoutItsValue() {
        assertRefused("--rpc needs a URL", "--rpc");
        assertRefused("--data needs a directory", "--data", "--token", "x", "printwallet");
        assertRefused("--token needs a token", "--token=", "printwallet");
    }

    @Test
    void refusesAnOptionGivenTwice() {
        assertRefused("--data is given twice", "--data", "a", "--data", "b", "printwallet");
    }

    @Test
    void refusesAnRpcAddressThatIsNotAnHttpUrl() {
        assertRefused("--rpc needs an http:// URL such as http://127.0.0.1:9999/, not '127.0.0.1:9999'",
                "--rpc", "127.0.0.1:9999", "printwallet");
        assertRefused("--rpc needs an http:// URL such as http://127.0.0.1:9999/, not 'ftp://host/'",
                "--rpc", "ftp://host/", "printwallet");
        assertRefused("--rpc needs an http:// URL such as http://127.0.0.1:9999/, not 'http://bad host/'",
                "--rpc", "http://bad host/", "printwallet");
    }

    @Test
    void refusesGlobalOptionsAfterTheVerb() {
        UsageException e = refused("balance", A, "--rpc", "http://127.0.0.1:1/");

        assertEquals("--rpc goes before the verb", e.getMessage());
        assertEquals("usage: scripts/cli [OPTIONS] balance ADDRESS", e.hint());
        assertRefused("--token goes before the verb", "send", "--token=x", "--from", A, "--to", B, "--amount", "1");
    }

    // --- errors of each verb

    @Test
    void refusesArgumentsToVerbsThatTakeNone() {
        UsageException e = refused("genesis_block", A);
        assertEquals("unexpected argument '" + A + "' after genesis_block", e.getMessage());
        assertEquals("usage: scripts/cli [OPTIONS] genesis_block", e.hint());

        assertRefused("unexpected argument 'x' after createwallet", "createwallet", "x");
        assertRefused("unexpected argument 'all' after printwallet", "printwallet", "all");
        assertRefused("printwallet takes no option --all", "printwallet", "--all");
    }

    @Test
    void balanceNeedsExactlyOneAddress() {
        assertRefused("balance needs an ADDRESS", "balance");
        assertRefused("unexpected argument '" + B + "' after balance", "balance", A, B);
    }

    @Test
    void printNeedsOneWholeNumber() {
        UsageException e = refused("print");
        assertEquals("print needs a HEIGHT", e.getMessage());
        assertEquals("usage: scripts/cli [OPTIONS] print HEIGHT", e.hint());

        assertRefused("HEIGHT must be a whole number, not 'one'", "print", "one");
        assertRefused("HEIGHT must be a whole number, not '1.0'", "print", "1.0");
        assertRefused("HEIGHT must be a whole number, not '-1'", "print", "-1");
        assertRefused("HEIGHT must be a whole number, not '99999999999999999999'", "print", "99999999999999999999");
        assertRefused("unexpected argument '2' after print", "print", "1", "2");
    }

    @Test
    void sendNeedsFromToAndAmount() {
        UsageException e = refused("send", "--to", B, "--amount", "1");
        assertEquals("send needs --from", e.getMessage());
        assertEquals(SEND_HINT, e.hint());

        assertRefused("send needs --to", "send", "--from", A, "--amount", "1");
        assertRefused("send needs --amount", "send", "--from", A, "--to", B);
        assertRefused("send needs --from", "send");
    }

    @Test
    void sendRefusesOptionsWithoutValues() {
        assertRefused("--amount needs a value", "send", "--from", A, "--to", B, "--amount");
        assertRefused("--from needs a value", "send", "--from", "--to", B, "--amount", "1");
        assertRefused("--to needs a value", "send", "--from", A, "--to=", "--amount", "1");
    }

    @Test
    void sendRefusesAmountsThatAreNotPositiveWholeNumbers() {
        assertRefused("--amount must be a whole number, not '1.5'", "send", "--from", A, "--to", B, "--amount", "1.5");
        assertRefused("--amount must be a whole number, not 'ten'", "send", "--from", A, "--to", B, "--amount", "ten");
        assertRefused("--amount must be a whole number, not '-5'", "send", "--from", A, "--to", B, "--amount", "-5");
        assertRefused("--amount must be a whole number, not '1e3'", "send", "--from", A, "--to", B, "--amount=1e3");
        assertRefused("--amount must be at least 1", "send", "--from", A, "--to", B, "--amount", "0");
    }

    @Test
    void sendRefusesFeesThatAreNotWholeNumbers() {
        assertRefused("--fee must be a whole number, not '0.5'",
                "send", "--from", A, "--to", B, "--amount", "1", "--fee", "0.5");
        assertRefused("--fee must be a whole number, not '-1'",
                "send", "--from", A, "--to", B, "--amount", "1", "--fee", "-1");
    }

    @Test
    void sendRefusesUnknownDuplicateAndStrayArguments() {
        assertRefused("send takes no option --memo", "send", "--from", A, "--to", B, "--amount", "1", "--memo", "hi");
        assertRefused("--to is given twice", "send", "--from", A, "--to", B, "--to", A, "--amount", "1");
        assertRefused("unexpected argument '" + A + "' after send", "send", A, B, "100");
        assertRefused("unexpected argument 'x' after send", "send", "--from", A, "--to", B, "--amount", "1", "x");
    }

    @Test
    void callNeedsAMethod() {
        UsageException e = refused("call");

        assertEquals("call needs a METHOD", e.getMessage());
        assertEquals("usage: scripts/cli [OPTIONS] call METHOD [PARAMS]", e.hint());
    }

    @Test
    void callRefusesParamsThatAreNotAJsonArrayOrObject() {
        assertRefused("PARAMS must be a JSON array or object, not '5'", "call", "getblock", "5");
        assertRefused("PARAMS must be a JSON array or object, not '\"abc\"'", "call", "getbalance", "\"abc\"");
        assertRefused("PARAMS must be a JSON array or object, not 'abc'", "call", "getbalance", "abc");
        assertTrue(refused("call", "getblock", "[1, ").getMessage().startsWith("PARAMS is not valid JSON: "));
        assertTrue(refused("call", "getblock", "{\"a\": }").getMessage().startsWith("PARAMS is not valid JSON: "));
    }

    @Test
    void callRefusesASecondParamsArgument() {
        assertRefused("unexpected argument '[2]' after call", "call", "getblock", "[1]", "[2]");
    }

    @Test
    void everyMessageIsOneLine() {
        UsageException e = refused("call", "getblock", "[1,\n\n 2");

        assertEquals(-1, e.getMessage().indexOf('\n'), e.getMessage());
        assertEquals(-1, e.hint().indexOf('\n'), e.hint());
    }
}
