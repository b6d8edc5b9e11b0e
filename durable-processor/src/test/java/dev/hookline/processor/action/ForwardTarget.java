package dev.hookline.processor.action;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * A forward target for tests: a real HTTP server on loopback that answers each request with the
 * status a policy picks from the request's {@code webhook-id} and how many times that id was seen,
 * and remembers when each id arrived.
 */
public final class ForwardTarget implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Map<String, List<Instant>> arrivals = new ConcurrentHashMap<>();
    private volatile BiFunction<String, Integer, Integer> policy;

    private ForwardTarget(BiFunction<String, Integer, Integer> policy) {
        this.policy = policy;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    /** A target that answers {@code policy(webhookId, attempt)}; attempts count from 1 per id. */
    public static ForwardTarget answering(BiFunction<String, Integer, Integer> policy) {
        return new ForwardTarget(policy);
    }

    /** A target that accepts everything. */
    public static ForwardTarget accepting() {
        return answering((id, attempt) -> 200);
    }

    public void answer(BiFunction<String, Integer, Integer> next) {
        policy = next;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    /** When each request for {@code webhookId} arrived, oldest first. */
    public List<Instant> arrivals(String webhookId) {
        return List.copyOf(arrivals.getOrDefault(webhookId, List.of()));
    }

    public int requests() {
        return arrivals.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String id = String.valueOf(exchange.getRequestHeaders().getFirst("webhook-id"));
            List<Instant> seen = arrivals.computeIfAbsent(id, key -> new CopyOnWriteArrayList<>());
            int attempt;
            synchronized (seen) {
                seen.add(Instant.now());
                attempt = seen.size();
            }
            exchange.sendResponseHeaders(policy.apply(id, attempt), -1);
        }
    }
}
