package minicoin.rpc;

import static minicoin.rpc.RpcTestClient.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import minicoin.bus.BusAddresses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The connection and work limits of the RPC server (RpcLimits), over real sockets on loopback. */
@ExtendWith(VertxExtension.class)
class RpcLimitsTest {

    private static final String GETBLOCKCOUNT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"getblockcount\"}";

    @RegisterExtension
    final NoBlockedThreads noBlockedThreads = new NoBlockedThreads();

    @TempDir
    Path dataDir;

    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    private RpcFixture start(Vertx vertx, RpcLimits limits) {
        return RpcFixture.start(vertx, RpcFixture.config(dataDir, new JsonObject()), limits);
    }

    /** Opens a TCP connection to the server and sends nothing, as the attacker of issue 11 did 20,000 times. */
    private Socket idleSocket(RpcFixture rpc) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), rpc.verticle.actualPort());
        sockets.add(socket);
        return socket;
    }

    /** Whether the server has closed {@code socket}, waiting at most {@code waitMillis} to see it. */
    private static boolean closedByServer(Socket socket, int waitMillis) throws IOException {
        socket.setSoTimeout(waitMillis);
        InputStream in = socket.getInputStream();
        try {
            return in.read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Test
    void idleSocketsAreClosedAfterTheIdleTimeout(Vertx vertx) throws Exception {
        RpcFixture rpc = start(vertx, new RpcLimits(Duration.ofSeconds(1), 16, 4));
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            idle.add(idleSocket(rpc));
        }
        long opened = System.nanoTime();

        assertFalse(closedByServer(idle.get(0), 500), "open while under the timeout");
        for (Socket socket : idle) {
            assertTrue(closedByServer(socket, 5_000), "closed once idle for 1 s");
        }
        long millis = (System.nanoTime() - opened) / 1_000_000;
        assertTrue(millis >= 1_000 && millis < 3_000, "closed after " + millis + " ms");
        assertEquals(5, rpc.client.result("getblockcount", null), "the server still answers");
    }

    @Test
    void aCallSlowerThanTheIdleTimeoutStillGetsItsAnswer(Vertx vertx) {
        RpcFixture rpc = start(vertx, new RpcLimits(Duration.ofMillis(500), 16, 4));
        // generate waits for the bus timeout (1 s here) + 2 s per block; its answer comes after 1.5 s.
        rpc.node.answerLater(BusAddresses.MINING_GENERATE, 1_500,
                request -> new JsonObject().put("hashes", new JsonArray().add("00".repeat(32))));

        Object hashes = rpc.client.result("generate", new JsonArray().add(1));

        assertEquals(new JsonArray().add("00".repeat(32)), hashes);
    }

    @Test
    void socketsBeyondTheCapAreClosedWhileAnAuthorisedClientIsAnswered(Vertx vertx) throws Exception {
        int cap = 4;
        RpcFixture rpc = start(vertx, new RpcLimits(Duration.ofSeconds(30), cap, 4));
        List<Socket> flood = new ArrayList<>();
        for (int i = 0; i < 5 * cap; i++) {
            flood.add(idleSocket(rpc));
        }

        for (int i = 0; i < 3; i++) { // each call may take the place of one silent socket, never of a client
            assertEquals(5, rpc.client.result("getblockcount", null));
        }

        int open = 0;
        for (Socket socket : flood) {
            if (!closedByServer(socket, 200)) {
                open++;
            }
        }
        assertTrue(open <= cap - 1, open + " of " + flood.size() + " silent sockets still open, cap " + cap);
    }

    @Test
    void strangersWaitingForTheirRefusalGiveWayToAClient(Vertx vertx) throws Exception {
        int cap = 4;
        // Refusals held back far longer than the test: the strangers' requests are pending throughout.
        RpcFixture rpc = start(vertx, new RpcLimits(Duration.ofSeconds(30), cap, 4, Duration.ofSeconds(60)));
        List<Socket> guessers = new ArrayList<>();
        for (int i = 0; i < cap; i++) {
            Socket socket = idleSocket(rpc);
            socket.getOutputStream().write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic YWxpY2U6Z3Vlc3M=\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + GETBLOCKCOUNT.length() + "\r\n\r\n"
                    + GETBLOCKCOUNT).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            guessers.add(socket);
        }
        assertFalse(closedByServer(guessers.get(0), 300), "the refusal is held back");

        for (int i = 0; i < 3; i++) {
            assertEquals(5, rpc.client.result("getblockcount", null));
        }

        int open = 0;
        for (Socket socket : guessers) {
            if (!closedByServer(socket, 200)) {
                open++;
            }
        }
        assertTrue(open <= cap - 1, open + " of " + cap + " guessers still open");
    }

    @Test
    void aFullWorkQueueIsRefusedWith503AndAJsonRpcError(Vertx vertx) throws Exception {
        int maxCalls = 2;
        RpcFixture rpc = start(vertx, new RpcLimits(Duration.ofSeconds(30), 16, maxCalls));
        rpc.node.silence(BusAddresses.CHAIN_INFO); // the chain worker is stuck: calls wait for the 1 s bus timeout
        List<Future<HttpResponse<Buffer>>> waiting = new ArrayList<>();
        for (int i = 0; i < maxCalls; i++) {
            waiting.add(rpc.client.postLater(GETBLOCKCOUNT));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (rpc.node.requests(BusAddresses.CHAIN_INFO).size() < maxCalls && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        HttpResponse<Buffer> refused = rpc.client.post(GETBLOCKCOUNT);

        assertEquals(503, refused.statusCode());
        JsonObject body = refused.bodyAsJsonObject();
        assertEquals("2.0", body.getString("jsonrpc"));
        assertEquals(-32002, body.getJsonObject("error").getInteger("code"), body::encode);
        assertEquals(maxCalls, rpc.node.requests(BusAddresses.CHAIN_INFO).size(), "the refused call never reached the bus");
        for (Future<HttpResponse<Buffer>> call : waiting) {
            assertEquals(200, await(call).statusCode()); // timed out on the bus, answered with an error
        }
        rpc.node.answer(BusAddresses.CHAIN_INFO, request -> StubNode.chainInfo(5, StubNode.BEST, StubNode.GENESIS));
        assertEquals(5, rpc.client.result("getblockcount", null), "the places were given back");
    }
}
