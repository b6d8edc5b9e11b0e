package dev.hookline.local.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A client on a bare socket that sends exactly the bytes a test gives it, when it gives them, as a
 * slow, broken or hostile client would: no HTTP library would send half a request and fall silent.
 */
final class RawHttpConnection implements AutoCloseable {

    /** How long a test waits for any answer before it calls the gateway unresponsive. */
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    /** One response as it came off the wire; header names in lower case. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawHttpConnection open(int port) throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        return new RawHttpConnection(socket);
    }

    RawHttpConnection send(String text) throws IOException {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawHttpConnection send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Whether the server has sent something this client has not read yet. */
    boolean answerWaiting() throws IOException {
        return in.available() > 0;
    }

    /** Reads the next response, interim ({@code 100 Continue}) or final, with its body when it has one. */
    Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).trim());
        }
        byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /**
     * Waits for the server to close the connection, or its side of it, reading and discarding
     * whatever it still sends, and returns how long that took; fails when it is still open after
     * {@link #PATIENCE}.
     */
    Duration awaitClosedByServer() throws IOException {
        long started = System.nanoTime();
        try {
            while (in.read() != -1) {
                // An answer before the close is not what this waits for.
            }
        } catch (SocketTimeoutException stillOpen) {
            throw new AssertionError("the server kept the connection open for over " + PATIENCE, stillOpen);
        } catch (SocketException reset) {
            // A reset is a close too: the server dropped the connection with bytes of ours unread.
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int next = in.read();
            if (next == -1) {
                throw new IOException("the connection closed before a whole response head: " + head);
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : next == end[0] ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
