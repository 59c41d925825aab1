package minicoin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class CommandTest {

    private static final String A = "1LYHd7Jk4ptVxmfJ3ZKYHLd9RUW8vLrC2Z";
    private static final String B = "19zRdrVMgvgAYEtkpD5sQMCXBhwv8frj2d";
    private static final String TXID = "9c6bcb0c940a5f19eae5b97c647c4098b320c14d4be69ceb512c6ceccade7cc5";

    @Test
    void genesisBlockCallsCreateGenesisAndNamesTheWallet() throws RpcFailure {
        Command.GenesisBlock genesis = new Command.GenesisBlock();

        assertEquals("creategenesis", genesis.method());
        assertEquals(new JsonArray(), genesis.params());
        assertEquals("Genesis Wallet is: " + A, genesis.render(new JsonObject().put("address", A).put("hash", TXID)));
    }

    @Test
    void balanceShowsTheConfirmedFigure() throws RpcFailure {
        Command.Balance balance = new Command.Balance(A);

        assertEquals("getbalance", balance.method());
        assertEquals(new JsonArray().add(A), balance.params());
        assertEquals(A + " balance is 1000",
                balance.render(new JsonObject().put("address", A).put("confirmed", 1000).put("withUnconfirmed", 800)));
        assertEquals(A + " balance is 0", balance.render(new JsonObject().put("confirmed", 0L)));
    }

    @Test
    void createWalletCallsGetNewAddress() throws RpcFailure {
        Command.CreateWallet create = new Command.CreateWallet();

        assertEquals("getnewaddress", create.method());
        assertEquals(new JsonArray(), create.params());
        assertEquals("Wallet address is " + B, create.render(B));
    }

    @Test
    void printWalletListsOneAddressALineAfterATab() throws RpcFailure {
        Command.PrintWallet print = new Command.PrintWallet();

        assertEquals("listaddresses", print.method());
        assertEquals(new JsonArray(), print.params());
        assertEquals("Wallet are:\n\t" + A + "\n\t" + B, print.render(new JsonArray().add(A).add(B)));
        assertEquals("Wallet are:", print.render(new JsonArray()));
    }

    @Test
    void sendPassesTheFeeOnlyWhenGiven() throws RpcFailure {
        Command.Send send = new Command.Send(A, B, 100, OptionalLong.empty());
        Command.Send withFee = new Command.Send(A, B, 100, OptionalLong.of(3));

        assertEquals("send", send.method());
        assertEquals(new JsonArray().add(A).add(B).add(100L), send.params());
        assertEquals(new JsonArray().add(A).add(B).add(100L).add(3L), withFee.params());
        assertEquals("Sent 100 from " + A + " to " + B + " in transaction " + TXID,
                send.render(new JsonObject().put("txid", TXID).put("fee", 1)));
    }

    @Test
    void printAsksForTheHeaderAndShowsItAsJson() {
        Command.Print print = new Command.Print(1);
        JsonObject header = new JsonObject().put("hash", TXID).put("height", 1).put("nonce", 42);

        assertEquals("getblockview", print.method());
        assertEquals(new JsonArray().add(1L).add(0), print.params());
        assertEquals("{\n  \"hash\": \"" + TXID + "\",\n  \"height\": 1,\n  \"nonce\": 42\n}", print.render(header));
    }

    @Test
    void callPassesParamsThroughAndShowsTheResultAsJson() {
        Command.Call count = new Command.Call("getblockcount", new JsonArray());
        Command.Call named = new Command.Call("generate", new JsonObject().put("blocks", 2));

        assertEquals("getblockcount", count.method());
        assertEquals(new JsonArray(), count.params());
        assertEquals(new JsonObject().put("blocks", 2), named.params());
        assertEquals("7", count.render(7));
        assertEquals("\"" + A + "\"", count.render(A));
        assertEquals("null", count.render(null));
        assertEquals("[\n  \"a\",\n  \"b\"\n]", count.render(new JsonArray().add("a").add("b")));
    }

    @Test
    void callKeepsItsOwnCopyOfTheParams() {
        JsonArray params = new JsonArray().add(1);
        Command.Call call = new Command.Call("getblock", params);

        params.add(2);
        ((JsonArray) call.params()).add(3);

        assertEquals(new JsonArray().add(1), call.params());
        assertNotSame(call.params(), call.params());
    }

    @Test
    void callRefusesParamsOfOtherTypes() {
        assertThrows(IllegalArgumentException.class, () -> new Command.Call("getblock", "[1]"));
    }

    @Test
    void repliesOfTheWrongShapeAreReportedNotThrownAsBugs() {
        assertBadReply("unexpected result from creategenesis (no address): {\"hash\":\"00\"}",
                () -> new Command.GenesisBlock().render(new JsonObject().put("hash", "00")));
        assertBadReply("unexpected result from getbalance (no confirmed): \"lots\"",
                () -> new Command.Balance(A).render("lots"));
        assertBadReply("unexpected result from getbalance (confirmed is not a number): {\"confirmed\":\"1000\"}",
                () -> new Command.Balance(A).render(new JsonObject().put("confirmed", "1000")));
        assertBadReply("unexpected result from getnewaddress (expected a string): 12",
                () -> new Command.CreateWallet().render(12));
        assertBadReply("unexpected result from listaddresses (expected a list of addresses): {}",
                () -> new Command.PrintWallet().render(new JsonObject()));
        assertBadReply("unexpected result from listaddresses (expected a string): null",
                () -> new Command.PrintWallet().render(new JsonArray().add(A).addNull()));
        assertBadReply("unexpected result from send (no txid): null",
                () -> new Command.Send(A, B, 1, OptionalLong.empty()).render(null));
    }

    private static void assertBadReply(String message, org.junit.jupiter.api.function.Executable render) {
        RpcFailure failure = assertThrows(RpcFailure.class, render);
        assertEquals(RpcFailure.Kind.BAD_REPLY, failure.kind());
        assertEquals(message, failure.getMessage());
    }
}
