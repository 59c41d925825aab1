package minicoin.chaos;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against an echo server: it carries bytes in order, delays, throttles and cuts as told. */
class LinkProxyTest {

    private ServerSocket echo;
    private LinkProxy proxy;

    @BeforeEach
    void startEcho() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket client = echo.accept();
                    Thread pipe = new Thread(() -> {
                        try (client) {
                            client.getInputStream().transferTo(client.getOutputStream());
                        } catch (IOException ignored) {
                            // The client went.
                        }
                    });
                    pipe.setDaemon(true);
                    pipe.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        proxy = new LinkProxy("test", echo.getLocalPort(), 1);
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket dial() throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] readFully(InputStream in, int length) throws IOException {
        byte[] data = in.readNBytes(length);
        assertEquals(length, data.length, "the stream ended early");
        return data;
    }

    @Test
    void carriesBytesBothWaysInOrderThroughJitter() throws IOException {
        proxy.shape(new LinkShape(5, 20, 0));
        try (Socket socket = dial()) {
            byte[] sent = new byte[200_000];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = (byte) (i * 31);
            }
            Thread writer = new Thread(() -> {
                try {
                    socket.getOutputStream().write(sent);
                } catch (IOException ignored) {
                    // The assertion below reports it.
                }
            });
            writer.start();
            assertArrayEquals(sent, readFully(socket.getInputStream(), sent.length));
        }
    }

    @Test
    void latencyDelaysEachWay() throws IOException {
        proxy.shape(new LinkShape(150, 0, 0));
        try (Socket socket = dial()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            readFully(socket.getInputStream(), 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 300, "a round trip of " + millis + " ms through 150 ms each way");
        }
    }

    @Test
    void lossStallsTheStreamByARetransmissionTimeOut() throws IOException {
        proxy.shape(new LinkShape(0, 0, 0, 100));
        try (Socket socket = dial()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(1);
            readFully(socket.getInputStream(), 1);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis >= 2 * LinkShape.RETRANSMIT_MILLIS, "every chunk lost once each way, yet back in " + millis + " ms");
        }
    }

    @Test
    void throttleBoundsTheRate() throws IOException {
        proxy.shape(new LinkShape(0, 0, 20_000));
        try (Socket socket = dial()) {
            long start = System.nanoTime();
            socket.getOutputStream().write(new byte[10_000]);
            readFully(socket.getInputStream(), 10_000);
            long millis = (System.nanoTime() - start) / 1_000_000;
            // 10 kB each way at 20 kB/s: half a second each way at least.
            assertTrue(millis >= 900, "10 kB echoed at 20 kB/s in " + millis + " ms");
        }
    }

    @Test
    void aCutClosesOpenConnectionsAndRefusesNewOnesUntilRestored() throws IOException {
        try (Socket socket = dial()) {
            socket.getOutputStream().write(7);
            assertEquals(7, socket.getInputStream().read());
            proxy.cut();
            assertEquals(-1, socket.getInputStream().read(), "an open connection is closed by a cut");
        }
        try (Socket refused = dial()) {
            refused.getOutputStream().write(7);
            assertEquals(-1, refused.getInputStream().read(), "a new connection is closed at once");
        }
        proxy.restore();
        try (Socket socket = dial()) {
            socket.getOutputStream().write(9);
            assertEquals(9, socket.getInputStream().read());
        }
    }

    @Test
    void aHeldLinkDeliversNothingClosesNothingAndDeliversEverythingOnceRestored() throws IOException {
        try (Socket socket = dial()) {
            proxy.hold();
            socket.getOutputStream().write(new byte[] {1, 2, 3});
            socket.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> socket.getInputStream().read(),
                    "nothing crosses a black hole, and the connection stays open");
            try (Socket during = dial()) {
                during.getOutputStream().write(4);
                proxy.restore();
                assertEquals(4, during.getInputStream().read(), "a connection made during the hole carries once healed");
            }
            socket.setSoTimeout(10_000);
            byte[] echoed = socket.getInputStream().readNBytes(3);
            assertArrayEquals(new byte[] {1, 2, 3}, echoed, "what waited arrives, in order, nothing lost");
        }
    }

    @Test
    void dialsTheTargetFromTheSourceAddressItIsGivenAndListensWhereItIsTold() throws Exception {
        // Another loopback address stands for a node's face in the hub (127.0.0.0/8 is all local on Linux).
        InetAddress face = InetAddress.getByName("127.0.0.2");
        try (ServerSocket target = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                LinkProxy sourced = new LinkProxy("sourced", InetAddress.getLoopbackAddress(),
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getLocalPort()), face, 1);
                Socket client = new Socket(InetAddress.getLoopbackAddress(), sourced.port())) {
            target.setSoTimeout(10_000);
            try (Socket accepted = target.accept()) {
                assertEquals(face, accepted.getInetAddress(), "the target sees the dialler's face");
            }
            assertEquals("127.0.0.1:" + sourced.port(), sourced.address());
        }
    }
}
